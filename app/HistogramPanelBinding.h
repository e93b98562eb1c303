#pragma once

#include "app/HistogramState.h"
#include "widgets/Crossfilter.h"

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <vector>

namespace zooscope {

class ExplorerSession;
class HistogramPanel;

// Binds the Histograms panel to the session (issue 14, linked views): it bins each shown property once
// per zoo (Crossfilter), turns the brushes into the shared selection (rows passing every brush, AND
// across histograms; clearing the last brush clears the selection), and recounts each histogram's
// overlay when the selection changes, whatever changed it. A selection made elsewhere (lasso, table,
// named selection) drops the brushes, which no longer describe it. The histograms and their brushes are
// kept in the session's view state for session files.
class HistogramPanelBinding : public QObject {
    Q_OBJECT
public:
    HistogramPanelBinding(HistogramPanel* panel, ExplorerSession* session, QObject* parent);

    // The properties shown when nothing else was chosen.
    static QStringList defaultProperties();
    const Crossfilter& crossfilter() const { return m_filter; }
    // What the panel shows, in session terms.
    std::vector<HistogramState> state() const;

    // As the panel's buttons do; an unknown or already shown property is ignored (false).
    bool addHistogram(const QString& id);
    void removeHistogram(int index);
    // Sets a histogram's brush and selects what every brush lets pass.
    void setBrush(int index, const HistogramBrush& brush);
    void clearBrushes();

private:
    void rebuild(const std::vector<HistogramState>& histograms);
    bool addDimension(const QString& id);
    void editBrush(int index, const HistogramBrush& brush, bool finished);
    void applyBrushes();
    void selectionChanged();
    void refreshCounts();
    void storeState();
    HistogramBrush brushOf(int index, const HistogramState& state) const;

    HistogramPanel* m_panel;
    ExplorerSession* m_session;
    Crossfilter m_filter;
    QStringList m_ids; // shown, also while no zoo is open
    bool m_selecting = false;
    QTimer m_dragTimer; // coalesces a dragged brush's selections
};

} // namespace zooscope
