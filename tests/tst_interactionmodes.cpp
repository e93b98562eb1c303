// The selection model, kNN in latent space and the interaction modes, without a display: a fake host
// stands for the 3D view.
#include "analysis/LatentNeighbours.h"
#include "widgets/LassoSelectionMode.h"
#include "widgets/NavigateInteractionMode.h"
#include "widgets/RectangleSelectionMode.h"
#include "widgets/SelectionModel.h"

#include <QMouseEvent>
#include <QPolygonF>
#include <QSignalSpy>
#include <QtTest>

#include <stdexcept>
#include <vector>

using zooscope::SelectionModel;
using Mode = zooscope::SelectionModel::Mode;

namespace {

// The interaction modes without a view: points at fixed widget positions, the outline recorded.
struct FakeHost : zooscope::InteractionMode::Host {
    std::vector<QPointF> points;
    SelectionModel selection;
    QPolygonF outline;
    int rowAt(const QPointF& pos) override
    {
        for (std::size_t i = 0; i < points.size(); ++i)
            if ((points[i] - pos).manhattanLength() < 2.0)
                return int(i);
        return -1;
    }
    std::vector<int> rowsInRect(const QRectF& rect) override
    {
        std::vector<int> rows;
        for (std::size_t i = 0; i < points.size(); ++i)
            if (rect.contains(points[i]))
                rows.push_back(int(i));
        return rows;
    }
    std::vector<int> rowsInPolygon(const QPolygonF& polygon) override
    {
        std::vector<int> rows;
        for (std::size_t i = 0; i < points.size(); ++i)
            if (polygon.containsPoint(points[i], Qt::OddEvenFill))
                rows.push_back(int(i));
        return rows;
    }
    SelectionModel* selectionModel() const override { return const_cast<SelectionModel*>(&selection); }
    SelectionModel::Mode selectionModeFor(Qt::KeyboardModifiers modifiers) const override
    {
        return SelectionModel::modeForModifiers(modifiers);
    }
    void showOutline(const QPolygonF& o) override { outline = o; }
    void hideOutline() override { outline.clear(); }
};

// Sends a left-button drag through `path` to a mode; returns whether the mode kept every event from the camera.
bool dragMode(zooscope::InteractionMode& mode, const QPolygonF& path, Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    QMouseEvent press(QEvent::MouseButtonPress, path.first(), path.first(), Qt::LeftButton, Qt::LeftButton, mods);
    bool handled = mode.press(&press);
    for (int k = 1; k < path.size(); ++k) {
        QMouseEvent move(QEvent::MouseMove, path[k], path[k], Qt::NoButton, Qt::LeftButton, mods);
        handled = mode.move(&move) && handled;
    }
    QMouseEvent release(QEvent::MouseButtonRelease, path.last(), path.last(), Qt::LeftButton, Qt::NoButton, mods);
    handled = mode.release(&release) && handled;
    if (!handled)
        mode.afterRelease(&release);
    return handled;
}

} // namespace

class TestInteractionModes : public QObject {
    Q_OBJECT
public:
    // No window is shown: Qt's offscreen platform is enough for cursors and mouse events.
    static void initMain() { qputenv("QT_QPA_PLATFORM", "offscreen"); }

private slots:
    void selectionModelCombinesAsParaView()
    {
        QCOMPARE(SelectionModel::modeForModifiers(Qt::NoModifier), Mode::Replace);
        QCOMPARE(SelectionModel::modeForModifiers(Qt::ControlModifier), Mode::Add);
        QCOMPARE(SelectionModel::modeForModifiers(Qt::ShiftModifier), Mode::Subtract);
        QCOMPARE(SelectionModel::modeForModifiers(Qt::ControlModifier | Qt::ShiftModifier), Mode::Toggle);

        SelectionModel s;
        QSignalSpy changed(&s, &SelectionModel::selectionChanged);
        s.setRowCount(10);
        s.select({1, 2, 3, 42, -1}, Mode::Replace); // out of range rows are ignored
        QCOMPARE(s.selectedRows(), (std::vector<int>{1, 2, 3}));
        s.select({3, 4}, Mode::Add);
        QCOMPARE(s.selectedRows(), (std::vector<int>{1, 2, 3, 4}));
        s.select({1, 5}, Mode::Subtract);
        QCOMPARE(s.selectedRows(), (std::vector<int>{2, 3, 4}));
        s.select({4, 5, 5}, Mode::Toggle); // a row listed twice flips once
        QCOMPARE(s.selectedRows(), (std::vector<int>{2, 3, 5}));
        const int signals_ = changed.count();
        s.select({2, 3, 5}, Mode::Add); // no change, no signal
        QCOMPARE(changed.count(), signals_);
        s.invert();
        QCOMPARE(s.selectedRows(), (std::vector<int>{0, 1, 4, 6, 7, 8, 9}));
        QCOMPARE(s.selectedCount(), 7);

        QSignalSpy named(&s, &SelectionModel::namedSelectionsChanged);
        s.saveAs(QStringLiteral("low"));
        s.clear();
        QCOMPARE(s.selectedCount(), 0);
        QVERIFY(s.restore(QStringLiteral("low")));
        QCOMPARE(s.selectedRows(), (std::vector<int>{0, 1, 4, 6, 7, 8, 9}));
        QVERIFY(!s.restore(QStringLiteral("missing")));
        QCOMPARE(s.names(), QStringList{QStringLiteral("low")});
        QVERIFY(named.count() >= 1);
        s.setRowCount(5); // a new data set: rows beyond it leave the named selections
        QCOMPARE(s.selectedCount(), 0);
        QCOMPARE(s.namedRows(QStringLiteral("low")), (std::vector<int>{0, 1, 4}));
    }

    void nearestNeighboursInLatentSpace()
    {
        zooscope::LatentNeighbours nn;
        // Euclidean and cosine disagree: row 1 points the same way as row 0 but lies far away.
        nn.setLatents({1.0f, 0.0f, 10.0f, 0.5f, 0.0f, 1.0f, -1.0f, 0.0f}, 2);
        QCOMPARE(nn.nearest(0, 1, zooscope::LatentNeighbours::Metric::Euclidean), std::vector<int>{2});
        QCOMPARE(nn.nearest(0, 1, zooscope::LatentNeighbours::Metric::Cosine), std::vector<int>{1});
        QCOMPARE(nn.nearest(0, 3, zooscope::LatentNeighbours::Metric::Euclidean), (std::vector<int>{2, 3, 1}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, nn.setLatents({1.0f, 2.0f, 3.0f}, 2));
    }

    void interactionModesSelectTheRowsInside()
    {
        FakeHost host;
        // A 5 x 5 grid of points 10 pixels apart, rows in reading order.
        for (int j = 0; j < 5; ++j)
            for (int i = 0; i < 5; ++i)
                host.points.emplace_back(10.0 * i, 10.0 * j);
        host.selection.setRowCount(25);

        zooscope::RectangleSelectionMode rectangle(host);
        QVERIFY(rectangle.cursor(Mode::Replace).has_value());
        QVERIFY(dragMode(rectangle, QPolygonF{QPointF(-5, -5), QPointF(8, 12), QPointF(15, 25)}));
        QCOMPARE(host.selection.selectedRows(), (std::vector<int>{0, 1, 5, 6, 10, 11}));
        QVERIFY(host.outline.isEmpty()); // the rubber band is gone after the release
        QVERIFY(dragMode(rectangle, QPolygonF{QPointF(35, 35), QPointF(45, 45)}, Qt::ControlModifier)); // Ctrl adds
        QCOMPARE(host.selection.selectedRows(), (std::vector<int>{0, 1, 5, 6, 10, 11, 24}));

        // The lasso: a triangle through the grid; only the centres inside count.
        zooscope::LassoSelectionMode lasso(host);
        QVERIFY(dragMode(lasso, QPolygonF{QPointF(-5, -5), QPointF(50, -5), QPointF(-5, 50)}));
        std::vector<int> triangle;
        for (int j = 0; j < 5; ++j)
            for (int i = 0; i < 5; ++i)
                if (10 * i + 10 * j < 45)
                    triangle.push_back(j * 5 + i);
        QCOMPARE(host.selection.selectedRows(), triangle);

        // A click without a drag selects the point under it; on empty space it clears.
        QVERIFY(dragMode(lasso, QPolygonF{QPointF(20, 20)}));
        QCOMPARE(host.selection.selectedRows(), std::vector<int>{12});
        zooscope::NavigateInteractionMode navigate(host);
        QVERIFY(!navigate.cursor(Mode::Replace).has_value());
        QVERIFY(!dragMode(navigate, QPolygonF{QPointF(30, 10)}, Qt::ControlModifier)); // the camera sees it too
        QCOMPARE(host.selection.selectedRows(), (std::vector<int>{8, 12}));
        QVERIFY(!dragMode(navigate, QPolygonF{QPointF(0, 0), QPointF(40, 40)})); // a drag turns the camera only
        QCOMPARE(host.selection.selectedRows(), (std::vector<int>{8, 12}));
        QVERIFY(!dragMode(navigate, QPolygonF{QPointF(5, 5)}));
        QCOMPARE(host.selection.selectedCount(), 0);
    }

};

QTEST_MAIN(TestInteractionModes)
#include "tst_interactionmodes.moc"
