// Selecting in the 3D latent view as a user does it: lasso and rectangle drawn with the mouse (with
// ParaView's Ctrl / Shift / Ctrl+Shift), click and double-click, visible-only selection, invert, isolate,
// k nearest neighbours, named selections, the toolbar, and the zoo table sharing the selection.
// Also: hover card, trajectories, categorical colours with a legend, generated models' glyph, camera
// presets and the level of detail while the camera moves.
#include "widgets/VtkHostWidget.h"
#include "ZooTestUtil.h"

#include "widgets/CameraToolBar.h"
#include "widgets/LatentScatterView.h"
#include "widgets/SelectionModel.h"
#include "widgets/SelectionToolBar.h"
#include "widgets/ZooTableModel.h"
#include "widgets/ZooTablePanel.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSurfaceFormat>
#include <QTableView>
#include <QtTest>

#include <vtkCamera.h>
#include <vtkLookupTable.h>
#include <vtkRenderer.h>

#include <array>
#include <cmath>
#include <functional>
#include <random>
#include <set>

using zooscope::CameraToolBar;
using zooscope::LatentScatterView;
using zooscope::SelectionModel;
using zooscope::SelectionToolBar;
using Mode = zooscope::SelectionModel::Mode;

namespace {

bool isXcb() { return QGuiApplication::platformName() == QLatin1String("xcb"); }

constexpr int kGrid = 10;
int gridRow(int i, int j) { return i * kGrid + j; } // x = i, y = j, z = 0

void fillGrid(std::vector<float>& xyz, std::vector<double>& values)
{
    for (int i = 0; i < kGrid; ++i)
        for (int j = 0; j < kGrid; ++j) {
            xyz.insert(xyz.end(), {float(i), float(j), 0.0f});
            values.push_back(double(i) / (kGrid - 1));
        }
}

std::vector<int> rowsWhere(const std::function<bool(int, int)>& inside)
{
    std::vector<int> rows;
    for (int i = 0; i < kGrid; ++i)
        for (int j = 0; j < kGrid; ++j)
            if (inside(i, j))
                rows.push_back(gridRow(i, j));
    std::sort(rows.begin(), rows.end());
    return rows;
}

// Where VTK draws a world point, in the widget's logical coordinates (independent of the view's own
// projection code).
QPointF widgetPos(LatentScatterView& view, double x, double y, double z)
{
    vtkRenderer* r = view.scene().renderer();
    r->SetWorldPoint(x, y, z, 1.0);
    r->WorldToDisplay();
    double d[3];
    r->GetDisplayPoint(d);
    const double dpr = view.devicePixelRatioF();
    const int h = r->GetSize()[1];
    return QPointF(d[0] / dpr, (h - 1 - d[1]) / dpr);
}

QPoint imagePos(LatentScatterView& view, double x, double y, double z)
{
    const QPointF p = widgetPos(view, x, y, z) * view.devicePixelRatioF();
    return QPoint(int(std::lround(p.x())), int(std::lround(p.y())));
}

void sendMouse(QWidget* w, QEvent::Type type, QPointF pos, Qt::MouseButton button, Qt::MouseButtons buttons,
               Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    QMouseEvent e(type, pos, w->mapToGlobal(pos), button, buttons, mods);
    QApplication::sendEvent(w, &e);
}

// A drag through the given points with the left button, as the mouse would send it.
void dragThrough(QWidget* w, const QPolygonF& path, Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    sendMouse(w, QEvent::MouseButtonPress, path.first(), Qt::LeftButton, Qt::LeftButton, mods);
    for (int k = 1; k < path.size(); ++k) {
        const QPointF a = path[k - 1], b = path[k];
        for (int s = 1; s <= 4; ++s)
            sendMouse(w, QEvent::MouseMove, a + (b - a) * (s / 4.0), Qt::NoButton, Qt::LeftButton, mods);
    }
    sendMouse(w, QEvent::MouseButtonRelease, path.last(), Qt::LeftButton, Qt::NoButton, mods);
}

void click(QWidget* w, QPointF pos, Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    sendMouse(w, QEvent::MouseButtonPress, pos, Qt::LeftButton, Qt::LeftButton, mods);
    sendMouse(w, QEvent::MouseButtonRelease, pos, Qt::LeftButton, Qt::NoButton, mods);
}

// A world-space rectangle in the z = 0 plane, dragged corner to corner on screen.
void dragWorldRect(LatentScatterView& view, double x0, double y0, double x1, double y1,
                   Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    dragThrough(&view, QPolygonF{widgetPos(view, x0, y0, 0), widgetPos(view, x1, y1, 0)}, mods);
}

bool near(const QColor& a, const QColor& b, int tolerance)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

QString describe(const std::vector<int>& rows)
{
    QStringList s;
    for (int r : rows)
        s << QString::number(r);
    return s.join(QLatin1Char(','));
}

// A shown view of the 10 x 10 grid with a shared selection.
struct GridView {
    LatentScatterView view;
    SelectionModel selection;
    GridView(int pointSize = 10)
    {
        std::vector<float> xyz;
        std::vector<double> values;
        fillGrid(xyz, values);
        selection.setRowCount(kGrid * kGrid); // the owner of the selection sizes it, not the view
        view.setSelectionModel(&selection);
        view.resize(640, 520);
        view.setPoints(xyz, values);
        view.setPointSize(pointSize);
        view.show();
    }
    bool ready()
    {
        if (!QTest::qWaitForWindowExposed(&view))
            return false;
        view.resetCamera();
        return !view.grabFrame().isNull();
    }
};

} // namespace

class TestLatentSelection : public QObject {
    Q_OBJECT
public:
    static void initMain()
    {
        zooscope::VtkHostWidget::setDefaultSurfaceFormat();
    }

private slots:
    void lassoSelectsThePointsInside()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        GridView g;
        QVERIFY(g.ready());
        g.view.setInteractionMode(LatentScatterView::InteractionMode::SelectLasso);
        // A diamond around the grid's centre, drawn along its edges: |x - 4.5| + |y - 4.5| <= 3.5.
        const std::array<std::array<double, 2>, 5> corners{{{4.5, 1.0}, {8.0, 4.5}, {4.5, 8.0}, {1.0, 4.5}, {4.5, 1.0}}};
        QPolygonF path;
        for (std::size_t k = 0; k + 1 < corners.size(); ++k)
            for (int s = 0; s < 8; ++s) {
                const double t = s / 8.0;
                path << widgetPos(g.view, corners[k][0] + t * (corners[k + 1][0] - corners[k][0]),
                                  corners[k][1] + t * (corners[k + 1][1] - corners[k][1]), 0.0);
            }
        QSignalSpy changed(&g.selection, &SelectionModel::selectionChanged);
        const auto pose = g.view.scene().camera()->GetMTime();
        dragThrough(&g.view, path);
        const std::vector<int> expected =
            rowsWhere([](int i, int j) { return std::abs(i - 4.5) + std::abs(j - 4.5) <= 3.5; });
        QCOMPARE(expected.size(), std::size_t(24));
        QVERIFY2(g.selection.selectedRows() == expected, qPrintable(describe(g.selection.selectedRows())));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(g.view.scene().camera()->GetMTime(), pose); // drawing a lasso does not turn the camera
        // The selected points are drawn with the selection ring.
        QCOMPARE(g.view.scene().highlightedRows(), expected);
    }

    void rectangleWithParaViewKeys()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        GridView g;
        QVERIFY(g.ready());
        g.view.setInteractionMode(LatentScatterView::InteractionMode::SelectRectangle);
        std::set<int> expected;
        auto columns = [](int a, int b) { return rowsWhere([a, b](int i, int) { return i >= a && i <= b; }); };

        dragWorldRect(g.view, -0.5, -0.5, 2.5, 9.5); // replace: columns 0..2
        for (int r : columns(0, 2))
            expected.insert(r);
        QCOMPARE(g.selection.selectedRows(), std::vector<int>(expected.begin(), expected.end()));

        dragWorldRect(g.view, 6.5, -0.5, 9.5, 9.5, Qt::ControlModifier); // Ctrl adds columns 7..9
        for (int r : columns(7, 9))
            expected.insert(r);
        QCOMPARE(g.selection.selectedRows(), std::vector<int>(expected.begin(), expected.end()));

        dragWorldRect(g.view, -0.5, -0.5, 9.5, 4.5, Qt::ShiftModifier); // Shift subtracts rows 0..4
        for (int r : rowsWhere([](int, int j) { return j <= 4; }))
            expected.erase(r);
        QCOMPARE(g.selection.selectedRows(), std::vector<int>(expected.begin(), expected.end()));

        // Ctrl+Shift toggles columns 2..3.
        dragWorldRect(g.view, 1.5, -0.5, 3.5, 9.5, Qt::ControlModifier | Qt::ShiftModifier);
        for (int r : columns(2, 3))
            if (!expected.erase(r))
                expected.insert(r);
        QCOMPARE(g.selection.selectedRows(), std::vector<int>(expected.begin(), expected.end()));

        // Esc while drawing cancels: nothing changes.
        const std::vector<int> before = g.selection.selectedRows();
        const QPointF a = widgetPos(g.view, 4.5, 4.5, 0), b = widgetPos(g.view, 9.5, 9.5, 0);
        sendMouse(&g.view, QEvent::MouseButtonPress, a, Qt::LeftButton, Qt::LeftButton);
        sendMouse(&g.view, QEvent::MouseMove, b, Qt::NoButton, Qt::LeftButton);
        QTest::keyClick(&g.view, Qt::Key_Escape);
        sendMouse(&g.view, QEvent::MouseButtonRelease, b, Qt::LeftButton, Qt::NoButton);
        QCOMPARE(g.selection.selectedRows(), before);
        // A second Esc leaves the tool.
        QTest::keyClick(&g.view, Qt::Key_Escape);
        QCOMPARE(g.view.interactionMode(), LatentScatterView::InteractionMode::Navigate);
    }

    void cursorShowsTheMode()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        GridView g;
        QVERIFY(g.ready());
        QCOMPARE(g.view.cursor().shape(), Qt::ArrowCursor);
        g.view.setInteractionMode(LatentScatterView::InteractionMode::SelectLasso);
        QCOMPARE(g.view.cursor().shape(), Qt::BitmapCursor);
        const QImage replace = g.view.cursor().pixmap().toImage();
        // As X11 sends them: the modifiers before the key (QKeyEvent::modifiers() gives the state after it).
        auto key = [&g](QEvent::Type type, int k, Qt::KeyboardModifiers mods) {
            QKeyEvent e(type, k, mods);
            QApplication::sendEvent(&g.view, &e);
        };
        key(QEvent::KeyPress, Qt::Key_Control, Qt::NoModifier);
        const QImage add = g.view.cursor().pixmap().toImage();
        key(QEvent::KeyRelease, Qt::Key_Control, Qt::ControlModifier);
        key(QEvent::KeyPress, Qt::Key_Shift, Qt::NoModifier);
        const QImage subtract = g.view.cursor().pixmap().toImage();
        key(QEvent::KeyRelease, Qt::Key_Shift, Qt::ShiftModifier);
        QVERIFY(replace != add);
        QVERIFY(add != subtract);
        QVERIFY(g.view.cursor().pixmap().toImage() == replace);
        g.view.setInteractionMode(LatentScatterView::InteractionMode::SelectRectangle);
        QVERIFY(g.view.cursor().pixmap().toImage() != replace); // the tool's own sign
    }

    void visibleOnlySkipsHiddenPoints()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        LatentScatterView view;
        SelectionModel selection;
        selection.setRowCount(4);
        view.setSelectionModel(&selection);
        view.resize(500, 400);
        // Row 1 lies right behind row 0 on the camera's axis; rows 2 and 3 give the scene its extent.
        view.setPoints({0, 0, 0, 0, 0, -1, 4, 4, -0.5f, -4, -4, -0.5f}, {0.1, 0.2, 0.3, 0.4});
        view.setPointSize(16);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.resetCamera();
        QVERIFY(!view.grabFrame().isNull());
        const QPointF front = widgetPos(view, 0, 0, 0);
        const QPointF back = widgetPos(view, 0, 0, -1);
        QVERIFY((front - back).manhattanLength() < 1.0);
        view.setInteractionMode(LatentScatterView::InteractionMode::SelectRectangle);
        dragThrough(&view, QPolygonF{front - QPointF(20, 20), front + QPointF(20, 20)});
        QCOMPARE(selection.selectedRows(), (std::vector<int>{0, 1}));
        view.setSelectVisibleOnly(true);
        dragThrough(&view, QPolygonF{front - QPointF(20, 20), front + QPointF(20, 20)});
        QCOMPARE(selection.selectedRows(), (std::vector<int>{0}));
    }

    void clickSelectsAndDoubleClickFocuses()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        GridView g;
        QVERIFY(g.ready());
        click(&g.view, widgetPos(g.view, 5, 5, 0));
        QCOMPARE(g.selection.selectedRows(), std::vector<int>{gridRow(5, 5)});
        click(&g.view, widgetPos(g.view, 2, 8, 0), Qt::ControlModifier);
        QCOMPARE(g.selection.selectedRows(), (std::vector<int>{gridRow(2, 8), gridRow(5, 5)}));
        click(&g.view, widgetPos(g.view, 5, 5, 0), Qt::ShiftModifier);
        QCOMPARE(g.selection.selectedRows(), std::vector<int>{gridRow(2, 8)});
        click(&g.view, widgetPos(g.view, 4.5, 4.5, 0)); // empty space clears
        QCOMPARE(g.selection.selectedCount(), 0);

        QSignalSpy activated(&g.view, &LatentScatterView::rowActivated);
        const double distance = g.view.scene().camera()->GetDistance();
        const QPointF p = widgetPos(g.view, 2, 7, 0);
        sendMouse(&g.view, QEvent::MouseButtonPress, p, Qt::LeftButton, Qt::LeftButton);
        sendMouse(&g.view, QEvent::MouseButtonRelease, p, Qt::LeftButton, Qt::NoButton);
        sendMouse(&g.view, QEvent::MouseButtonDblClick, p, Qt::LeftButton, Qt::LeftButton);
        sendMouse(&g.view, QEvent::MouseButtonRelease, p, Qt::LeftButton, Qt::NoButton);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.first().first().toInt(), gridRow(2, 7));
        double fp[3];
        g.view.scene().camera()->GetFocalPoint(fp);
        QVERIFY2(std::abs(fp[0] - 2) < 1e-6 && std::abs(fp[1] - 7) < 1e-6 && std::abs(fp[2]) < 1e-6,
                 qPrintable(QStringLiteral("focal point %1 %2 %3").arg(fp[0]).arg(fp[1]).arg(fp[2])));
        QVERIFY(g.view.scene().camera()->GetDistance() < 0.6 * distance); // and closer
    }

    void hoverShowsTheModelCard()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        GridView g(14);
        QVERIFY(g.ready());
        g.view.setModelCardProvider([](int row) { return QStringLiteral("<b>model %1</b><br>epoch 3").arg(row); });
        sendMouse(&g.view, QEvent::MouseMove, widgetPos(g.view, 3, 6, 0) + QPointF(2, 1), Qt::NoButton, Qt::NoButton);
        QVERIFY(g.view.modelCard()->isVisible());
        QVERIFY2(g.view.modelCard()->text().contains(QStringLiteral("model %1").arg(gridRow(3, 6))),
                 qPrintable(g.view.modelCard()->text()));
        QCOMPARE(g.view.hoveredRow(), gridRow(3, 6));
        sendMouse(&g.view, QEvent::MouseMove, widgetPos(g.view, 3.5, 6.5, 0), Qt::NoButton, Qt::NoButton);
        QVERIFY(!g.view.modelCard()->isVisible());
        QCOMPARE(g.view.hoveredRow(), -1);
    }

    void invertIsolateAndNeighboursFromTheToolBar()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        GridView g(12);
        SelectionToolBar bar(&g.view, &g.selection);
        QVERIFY(g.ready());

        bar.rectangleAction()->trigger();
        QCOMPARE(g.view.interactionMode(), LatentScatterView::InteractionMode::SelectRectangle);
        dragWorldRect(g.view, -0.5, -0.5, 0.5, 9.5); // column 0
        const std::vector<int> column0 = rowsWhere([](int i, int) { return i == 0; });
        QCOMPARE(g.selection.selectedRows(), column0);
        // The Add button: a plain drag now adds.
        bar.addModeAction()->trigger();
        dragWorldRect(g.view, 8.5, -0.5, 9.5, 9.5);
        const std::vector<int> columns09 = rowsWhere([](int i, int) { return i == 0 || i == 9; });
        QCOMPARE(g.selection.selectedRows(), columns09);
        bar.addModeAction()->trigger(); // unchecked again: replace
        QCOMPARE(g.view.defaultSelectionMode(), Mode::Replace);

        bar.invertAction()->trigger();
        QCOMPARE(g.selection.selectedCount(), 80);
        QVERIFY(!g.selection.isSelected(gridRow(0, 3)) && g.selection.isSelected(gridRow(4, 3)));
        bar.invertAction()->trigger();
        QCOMPARE(g.selection.selectedRows(), columns09);

        // Isolate: only the selection stays on show; the rest is neither drawn nor selectable.
        bar.isolateAction()->trigger();
        QVERIFY(g.view.isIsolated());
        QCOMPARE(g.view.scene().visibleRows(), columns09);
        const QImage image = g.view.grabFrame();
        QVERIFY(near(image.pixelColor(imagePos(g.view, 4, 4, 0)), Qt::white, 2));
        QVERIFY(!near(image.pixelColor(imagePos(g.view, 9, 4, 0)), Qt::white, 30));
        QCOMPARE(g.view.rowAt(widgetPos(g.view, 4, 4, 0)), -1);
        dragWorldRect(g.view, -0.5, 3.5, 9.5, 4.5); // row 4 across the view: only the shown points
        QCOMPARE(g.selection.selectedRows(), (std::vector<int>{gridRow(0, 4), gridRow(9, 4)}));
        bar.isolateAction()->trigger(); // show all again
        QVERIFY(!g.view.isIsolated());
        QCOMPARE(g.view.scene().visibleRows().size(), std::size_t(100));
        QVERIFY(!near(g.view.grabFrame().pixelColor(imagePos(g.view, 4, 4, 0)), Qt::white, 30));

        // k nearest neighbours: the toolbar asks the owner of the latents (the view holds none), with k and the metric.
        QSignalSpy neighbours(&bar, &SelectionToolBar::nearestNeighboursRequested);
        const std::vector<int> beforeNeighbours = g.selection.selectedRows();
        bar.neighbourCount()->setValue(4);
        bar.neighbourMetric()->setCurrentIndex(1);
        bar.nearestNeighboursAction()->trigger();
        QCOMPARE(neighbours.count(), 1);
        QCOMPARE(neighbours.first().at(0).toInt(), 4);
        QCOMPARE(neighbours.first().at(1).value<zooscope::LatentNeighbours::Metric>(), zooscope::LatentNeighbours::Metric::Cosine);
        QCOMPARE(g.selection.selectedRows(), beforeNeighbours);

        // Named selections: save, change, restore from the list.
        g.selection.setSelectedRows(column0);
        bar.saveSelection(QStringLiteral("first column"));
        bar.clearAction()->trigger();
        QCOMPARE(g.selection.selectedCount(), 0);
        const int index = bar.namedSelections()->findText(QStringLiteral("first column"));
        QVERIFY(index > 0);
        emit bar.namedSelections()->activated(index);
        QCOMPARE(g.selection.selectedRows(), column0);
    }

    void tableAndViewShareTheSelection()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        auto zoo = std::make_shared<zooscope::ModelZoo>(zootest::syntheticZoo(7, 4, {0, 2, 4}));
        std::vector<int64_t> modelRows, checkpoints;
        std::vector<float> xyz;
        for (int64_t m = 0; m < 7; ++m)
            for (int64_t c = 0; c < 3; ++c) {
                modelRows.push_back(m);
                checkpoints.push_back(c);
                xyz.insert(xyz.end(), {float(m), float(c), 0.0f});
            }
        zooscope::ZooTablePanel panel;
        panel.model()->setZoo(zoo, modelRows, checkpoints);
        LatentScatterView view;
        SelectionModel selection;
        selection.setRowCount(21);
        view.setSelectionModel(&selection);
        panel.setSelectionModel(&selection);
        view.setPoints(xyz, {});
        panel.resize(700, 600);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));

        // The table sorted by model id, descending: its first row is the last model's first checkpoint.
        panel.view()->sortByColumn(zooscope::ZooTableModel::ModelId, Qt::DescendingOrder);
        const QModelIndex first = panel.proxy()->index(0, 0);
        const int sourceRow = panel.proxy()->mapToSource(first).row();
        QCOMPARE(modelRows[std::size_t(sourceRow)], int64_t(6));
        QTest::mouseClick(panel.view()->viewport(), Qt::LeftButton, Qt::NoModifier,
                          panel.view()->visualRect(first).center());
        QCOMPARE(selection.selectedRows(), std::vector<int>{sourceRow});
        QCOMPARE(view.scene().highlightedRows(), std::vector<int>{sourceRow});
        // Ctrl-click adds another row.
        const QModelIndex fifth = panel.proxy()->index(4, 0);
        QTest::mouseClick(panel.view()->viewport(), Qt::LeftButton, Qt::ControlModifier,
                          panel.view()->visualRect(fifth).center());
        const int fifthSource = panel.proxy()->mapToSource(fifth).row();
        std::vector<int> both{sourceRow, fifthSource};
        std::sort(both.begin(), both.end());
        QCOMPARE(selection.selectedRows(), both);

        // A selection made elsewhere (the view) selects the rows in the table, whatever the sort order.
        selection.setSelectedRows({0, 1, 2, 20});
        std::set<int> tableRows;
        for (const QModelIndex& i : panel.view()->selectionModel()->selectedRows())
            tableRows.insert(panel.proxy()->mapToSource(i).row());
        QCOMPARE(tableRows, (std::set<int>{0, 1, 2, 20}));

        // Filtering the table keeps the shared selection; rows selected and filtered away stay selected.
        panel.filterEdit()->setText(QString::number(zoo->modelIds[6])); // only model 118's rows (18, 19, 20)
        QCOMPARE(panel.proxy()->rowCount(), 3);
        QCOMPARE(selection.selectedRows(), (std::vector<int>{0, 1, 2, 20}));
        QCOMPARE(panel.view()->selectionModel()->selectedRows().size(), 1);
        panel.filterEdit()->clear();
        QCOMPARE(panel.view()->selectionModel()->selectedRows().size(), 4);
        QCOMPARE(selection.selectedRows(), (std::vector<int>{0, 1, 2, 20}));
    }

    void trajectoriesJoinAModelsCheckpoints()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        GridView g;
        // Each column is one model; its rows are the checkpoints in epoch order.
        std::vector<std::vector<int>> groups(kGrid);
        for (int i = 0; i < kGrid; ++i)
            for (int j = 0; j < kGrid; ++j)
                groups[std::size_t(i)].push_back(gridRow(i, j));
        g.view.setTrajectoryGroups(groups);
        QVERIFY(g.ready());
        g.view.setTrajectoryMode(LatentScatterView::TrajectoryMode::None);
        QCOMPARE(g.view.scene().trajectoryCount(), std::size_t(0));
        QImage image = g.view.grabFrame();
        QVERIFY(near(image.pixelColor(imagePos(g.view, 3, 4.5, 0)), Qt::white, 2));

        g.view.setTrajectoryMode(LatentScatterView::TrajectoryMode::All);
        QCOMPARE(g.view.scene().trajectoryCount(), std::size_t(kGrid));
        image = g.view.grabFrame();
        if (qEnvironmentVariableIsSet("ZOOSCOPE_TEST_SAVE_DIR"))
            image.save(qEnvironmentVariable("ZOOSCOPE_TEST_SAVE_DIR") + QStringLiteral("/trajectories.png"));
        // Between two checkpoints of model 3: the line; between two models: background.
        const QColor onLine = image.pixelColor(imagePos(g.view, 3, 4.5, 0));
        QVERIFY2(onLine.red() < 150 && near(onLine, QColor(onLine.red(), onLine.red(), onLine.red()), 20),
                 qPrintable(onLine.name()));
        QVERIFY(near(image.pixelColor(imagePos(g.view, 3.5, 4.5, 0)), Qt::white, 2));

        g.view.setTrajectoryMode(LatentScatterView::TrajectoryMode::Selected);
        QCOMPARE(g.view.scene().trajectoryCount(), std::size_t(0));
        g.selection.setSelectedRows({gridRow(2, 5), gridRow(7, 0)});
        QCOMPARE(g.view.scene().trajectoryCount(), std::size_t(2));
        image = g.view.grabFrame();
        QVERIFY(!near(image.pixelColor(imagePos(g.view, 2, 4.5, 0)), Qt::white, 30));
        QVERIFY(near(image.pixelColor(imagePos(g.view, 3, 4.5, 0)), Qt::white, 2));
    }

    void categoriesUseOkabeItoWithALegend()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        GridView g(14);
        std::vector<int> codes;
        for (int i = 0; i < kGrid; ++i)
            for (int j = 0; j < kGrid; ++j)
                codes.push_back(i % 3);
        g.view.setCategories(codes, {QStringLiteral("relu"), QStringLiteral("tanh"), QStringLiteral("gelu")});
        g.view.setColorBarTitle(QStringLiteral("activation"));
        QVERIFY(g.ready());
        const QImage image = g.view.grabFrame();
        if (qEnvironmentVariableIsSet("ZOOSCOPE_TEST_SAVE_DIR"))
            image.save(qEnvironmentVariable("ZOOSCOPE_TEST_SAVE_DIR") + QStringLiteral("/categories.png"));
        for (int i = 0; i < 3; ++i) {
            const QColor c = image.pixelColor(imagePos(g.view, i, 2, 0));
            QVERIFY2(near(c, zooscope::ColorMap::category(i), 12), qPrintable(c.name()));
        }
        QVERIFY(g.view.scene().lookupTable()->GetIndexedLookup());
        // The legend (right of the points) holds a swatch of each category colour.
        const std::array<int, 4> bar = g.view.scene().colorBarRect();
        std::array<int, 3> swatch{};
        for (int y = 0; y < image.height(); ++y)
            for (int x = std::max(0, bar[0] - 40); x < image.width(); ++x)
                for (int i = 0; i < 3; ++i)
                    swatch[std::size_t(i)] += near(image.pixelColor(x, y), zooscope::ColorMap::category(i), 6) ? 1 : 0;
        const QPoint rightmost = imagePos(g.view, 9, 0, 0);
        QVERIFY(bar[0] > rightmost.x());
        for (int i = 0; i < 3; ++i)
            QVERIFY2(swatch[std::size_t(i)] > 20, qPrintable(QStringLiteral("category %1: %2 pixels").arg(i).arg(swatch[std::size_t(i)])));
    }

    void generatedModelsHaveTheirOwnGlyph()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        GridView g(20);
        QVERIFY(g.ready());
        g.view.setGeneratedPoints({4.5f, 4.5f, 0.0f}, {1.0});
        g.view.setGeneratedCardProvider([](int i) { return QStringLiteral("generated %1").arg(i); });
        QCOMPARE(g.view.generatedCount(), std::size_t(1));
        const QImage image = g.view.grabFrame();
        if (qEnvironmentVariableIsSet("ZOOSCOPE_TEST_SAVE_DIR"))
            image.save(qEnvironmentVariable("ZOOSCOPE_TEST_SAVE_DIR") + QStringLiteral("/generated.png"));
        const QPoint c = imagePos(g.view, 4.5, 4.5, 0);
        const double r = 1.5 * 10.0 * g.view.devicePixelRatioF(); // radius: 1.5 x half the point size
        const QColor top = zooscope::ColorMap::sample(zooscope::ColorMap::Name::Viridis, 1.0).toQColor();
        QVERIFY2(near(image.pixelColor(c), top, 12), qPrintable(image.pixelColor(c).name()));
        // A diamond: its corners reach out along the axes, its diagonal is short; a dark outline.
        const QPoint outline(c.x() + int(std::lround(0.85 * r)), c.y());
        QVERIFY2(image.pixelColor(outline).lightness() < 60, qPrintable(image.pixelColor(outline).name()));
        const QPoint diagonal(c.x() + int(std::lround(0.6 * r)), c.y() - int(std::lround(0.6 * r)));
        QVERIFY2(near(image.pixelColor(diagonal), Qt::white, 2), qPrintable(image.pixelColor(diagonal).name()));
        // Hover names it; it is not one of the zoo's rows.
        sendMouse(&g.view, QEvent::MouseMove, widgetPos(g.view, 4.5, 4.5, 0), Qt::NoButton, Qt::NoButton);
        QVERIFY(g.view.modelCard()->isVisible());
        QVERIFY(g.view.modelCard()->text().contains(QStringLiteral("generated 0")));
        QCOMPARE(g.view.hoveredRow(), -1);
    }

    void cameraPresetsAndOrthographic()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        GridView g;
        CameraToolBar bar(&g.view);
        QVERIFY(g.ready());
        double dop[3];
        bar.findChild<QAction*>(QStringLiteral("viewPlusXAction"))->trigger();
        g.view.scene().camera()->GetDirectionOfProjection(dop);
        QVERIFY(std::abs(dop[0] - 1.0) < 1e-9);
        bar.findChild<QAction*>(QStringLiteral("viewMinusYAction"))->trigger();
        g.view.scene().camera()->GetDirectionOfProjection(dop);
        QVERIFY(std::abs(dop[1] + 1.0) < 1e-9);
        bar.findChild<QAction*>(QStringLiteral("viewIsometricAction"))->trigger();
        g.view.scene().camera()->GetDirectionOfProjection(dop);
        QVERIFY(std::abs(dop[0] - dop[1]) < 1e-9 && std::abs(dop[1] - dop[2]) < 1e-9 && dop[0] < 0);
        bar.resetAction()->trigger();
        g.view.grabFrame();
        // Orthographic keeps what lies in the focal plane where it was.
        const QPointF before = widgetPos(g.view, 8, 1, 0);
        bar.orthographicAction()->trigger();
        QVERIFY(g.view.orthographic());
        g.view.grabFrame();
        const QPointF after = widgetPos(g.view, 8, 1, 0);
        QVERIFY2((after - before).manhattanLength() < 2.0,
                 qPrintable(QStringLiteral("%1,%2 -> %3,%4").arg(before.x()).arg(before.y()).arg(after.x()).arg(after.y())));
        // Selection works in the parallel projection too.
        g.view.setInteractionMode(LatentScatterView::InteractionMode::SelectRectangle);
        dragWorldRect(g.view, 7.5, 0.5, 8.5, 1.5);
        QCOMPARE(g.selection.selectedRows(), std::vector<int>{gridRow(8, 1)});
    }

    void levelOfDetailWhileTheCameraMoves()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        LatentScatterView view;
        view.resize(600, 450);
        std::mt19937 rng(3);
        std::normal_distribution<float> normal;
        std::vector<float> xyz;
        std::vector<double> values;
        for (int i = 0; i < 30000; ++i) {
            xyz.insert(xyz.end(), {normal(rng), normal(rng), normal(rng)});
            values.push_back(double(i % 100));
        }
        view.setPoints(xyz, values);
        view.setLodPointCount(4000);
        QCOMPARE(view.interactiveRenderScale(), 1.0);
        view.setInteractiveRenderScale(0.5); // image reduction too
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.resetCamera();
        QVERIFY(!view.grabFrame().isNull());
        QVERIFY(!view.scene().drawsLevelOfDetail());
        const QPointF centre(300, 225);
        sendMouse(&view, QEvent::MouseButtonPress, centre, Qt::LeftButton, Qt::LeftButton);
        QVERIFY(view.isInteracting());
        QVERIFY(view.scene().drawsLevelOfDetail());
        QCOMPARE(view.renderScale(), 0.5);
        const auto poseBefore = view.scene().camera()->GetMTime();
        for (int k = 1; k <= 5; ++k)
            sendMouse(&view, QEvent::MouseMove, centre + QPointF(10 * k, 4 * k), Qt::NoButton, Qt::LeftButton);
        QVERIFY(view.scene().camera()->GetMTime() > poseBefore);
        // The subset is drawn, the full set is not.
        const QImage moving = view.grabFrame();
        QVERIFY(view.scene().levelOfDetailActor()->GetVisibility());
        QVERIFY(!view.scene().pointsActor()->GetVisibility());
        int dots = 0;
        for (int y = 0; y < moving.height(); y += 3)
            for (int x = 0; x < moving.width() * 3 / 4; x += 3)
                dots += near(moving.pixelColor(x, y), Qt::white, 10) ? 0 : 1;
        QVERIFY2(dots > 200, qPrintable(QString::number(dots)));
        sendMouse(&view, QEvent::MouseButtonRelease, centre + QPointF(50, 20), Qt::LeftButton, Qt::NoButton);
        QVERIFY(!view.isInteracting());
        QVERIFY(!view.scene().drawsLevelOfDetail());
        QCOMPARE(view.renderScale(), 1.0);
        QVERIFY(view.scene().pointsActor()->GetVisibility());
        // Without the level of detail: the full set all the time.
        view.setLevelOfDetailEnabled(false);
        sendMouse(&view, QEvent::MouseButtonPress, centre, Qt::LeftButton, Qt::LeftButton);
        QVERIFY(!view.scene().drawsLevelOfDetail());
        QCOMPARE(view.renderScale(), 1.0);
        sendMouse(&view, QEvent::MouseButtonRelease, centre, Qt::LeftButton, Qt::NoButton);
    }
};

QTEST_MAIN(TestLatentSelection)
#include "tst_latentselection.moc"
