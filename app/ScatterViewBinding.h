// Binds the 3D view to the session (ITK-SNAP's small coupling classes): the projection on show, its
// colours and sizes, the models' trajectories and hover cards, the generated models; the demo cloud while
// no zoo is open. The view holds no state of its own beyond what this gives it.
#pragma once

#include <QObject>

namespace zooscope {

class ExplorerSession;
class LatentScatterView;
class ZooTableModel;

class ScatterViewBinding : public QObject {
    Q_OBJECT
public:
    ScatterViewBinding(LatentScatterView* view, ExplorerSession* session, ZooTableModel* table, QObject* parent = nullptr);

    // The synthetic cloud, until a zoo is open.
    void showDemoCloud();

signals:
    // A point property could not be computed.
    void errorOccurred(const QString& title, const QString& text);

private:
    void showProjection(bool newFrame);
    void applyColouring();
    void applySizes();
    void showGeneratedModels();
    bool showsTheZoo() const;

    LatentScatterView* m_view;
    ExplorerSession* m_session;
    ZooTableModel* m_table;
};

} // namespace zooscope
