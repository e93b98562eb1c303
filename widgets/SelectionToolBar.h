// The selection tools of the 3D view as toolbar buttons (not hidden modifier keys): navigate, rectangle,
// lasso; the combine mode (add / subtract / toggle; ParaView's Ctrl / Shift / Ctrl+Shift do the same while
// held); visible points only; invert, clear, isolate; k nearest neighbours; named selections.
#pragma once

#include "analysis/LatentNeighbours.h"

#include <QToolBar>

class QAction;
class QComboBox;
class QLabel;
class QSpinBox;

namespace zooscope {

class LatentScatterView;
class SelectionModel;

class SelectionToolBar : public QToolBar {
    Q_OBJECT
public:
    SelectionToolBar(LatentScatterView* view, SelectionModel* selection, QWidget* parent = nullptr);

    QAction* navigateAction() const { return m_navigate; }
    QAction* rectangleAction() const { return m_rectangle; }
    QAction* lassoAction() const { return m_lasso; }
    QAction* addModeAction() const { return m_add; }
    QAction* subtractModeAction() const { return m_subtract; }
    QAction* toggleModeAction() const { return m_toggle; }
    QAction* visibleOnlyAction() const { return m_visibleOnly; }
    QAction* invertAction() const { return m_invert; }
    QAction* clearAction() const { return m_clear; }
    QAction* isolateAction() const { return m_isolate; }
    QAction* nearestNeighboursAction() const { return m_nearest; }
    QAction* saveSelectionAction() const { return m_save; }
    QSpinBox* neighbourCount() const { return m_k; }
    QComboBox* neighbourMetric() const { return m_metric; }
    QComboBox* namedSelections() const { return m_named; }

    // Saves the current selection under a name (the Save button asks for one).
    void saveSelection(const QString& name);

signals:
    // The Neighbours button: add the k nearest neighbours of every selected point (the session finds them).
    void nearestNeighboursRequested(int k, zooscope::LatentNeighbours::Metric metric);

private:
    void updateCombineMode();
    void updateNamed();
    void updateCount();

    LatentScatterView* m_view;
    SelectionModel* m_selection;
    QAction* m_navigate = nullptr;
    QAction* m_rectangle = nullptr;
    QAction* m_lasso = nullptr;
    QAction* m_add = nullptr;
    QAction* m_subtract = nullptr;
    QAction* m_toggle = nullptr;
    QAction* m_visibleOnly = nullptr;
    QAction* m_invert = nullptr;
    QAction* m_clear = nullptr;
    QAction* m_isolate = nullptr;
    QAction* m_nearest = nullptr;
    QAction* m_save = nullptr;
    QSpinBox* m_k = nullptr;
    QComboBox* m_metric = nullptr;
    QComboBox* m_named = nullptr;
    QLabel* m_count = nullptr;
};

} // namespace zooscope
