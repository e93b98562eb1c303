// Binds the 3D view to the session (ITK-SNAP's small coupling classes): the projection on show, its
// colours and sizes, the models' trajectories and hover cards, the generated models; the demo cloud while
// no zoo is open. The view's camera, trajectory mode, isolation and density go into the session's ViewState as
// they change, and a restored session's view state comes back to the view.
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
    void syncViewState();
    void applyViewState();

    LatentScatterView* m_view;
    ExplorerSession* m_session;
    ZooTableModel* m_table;
};

} // namespace zooscope
