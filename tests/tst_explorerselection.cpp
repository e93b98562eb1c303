// The selection in the real main window with the default zoo: a lasso drawn with the mouse on the 3D view
// selects the checkpoints inside it, the Models table selects the same models, trajectories follow the
// selection, the hover card names the model. With ZOOSCOPE_SCREENSHOT_DIR set it saves the screenshots
// of docs/screenshots/.
#include "widgets/VtkHostWidget.h"
#include "app/MainWindow.h"
#include "widgets/LatentScatterView.h"
#include "widgets/SelectionModel.h"
#include "widgets/ZooTableModel.h"
#include "widgets/ZooTablePanel.h"
#include "widgets/SelectionToolBar.h"

#include "ExplorerTestUtil.h"

#include <QApplication>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QSurfaceFormat>
#include <QTableView>
#include <QtTest>

#include <vtkRenderer.h>

#include <algorithm>
#include <cmath>
#include <set>

using zooscope::LatentScatterView;
using zooscope::MainWindow;

namespace {

bool isXcb() { return QGuiApplication::platformName() == QLatin1String("xcb"); }

void sendMouse(QWidget* w, QEvent::Type type, QPointF pos, Qt::MouseButton button, Qt::MouseButtons buttons,
               Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    QMouseEvent e(type, pos, w->mapToGlobal(pos), button, buttons, mods);
    QApplication::sendEvent(w, &e);
}

// Where VTK draws a point, in the view's logical coordinates.
QPointF widgetPos(LatentScatterView& view, const float* p)
{
    vtkRenderer* r = view.scene().renderer();
    r->SetWorldPoint(p[0], p[1], p[2], 1.0);
    r->WorldToDisplay();
    double d[3];
    r->GetDisplayPoint(d);
    const double dpr = view.devicePixelRatioF();
    return QPointF(d[0] / dpr, (r->GetSize()[1] - 1 - d[1]) / dpr);
}

} // namespace

class TestExplorerSelection : public QObject {
    Q_OBJECT
public:
    static void initMain()
    {
        zooscope::VtkHostWidget::setDefaultSurfaceFormat();
    }

private slots:
    void lassoInTheMainWindowSelectsModelsInTheTable()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        const QString zoo = MainWindow::defaultZooPath();
        if (zoo.isEmpty())
            QFAIL("the default zoo (data/) is missing");
        MainWindow w(false);
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy opened(&w, &MainWindow::zooOpened);
        QSignalSpy shown(&w, &MainWindow::projectionShown);
        w.openZoo(zoo);
        QVERIFY(opened.wait(60000));
        QCOMPARE(opened.first().at(1).toString(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!w.isBusy(), 120000); // a companion hyper-representation may load
        LatentScatterView& view = *w.scatterView();
        zooscope::SelectionModel* selection = w.selectionModel();
        QVERIFY(selection);
        const int n = int(view.pointCount());
        QCOMPARE(selection->rowCount(), n);
        QCOMPARE(w.zooTable()->model()->rowCount(), n);
        QVERIFY(w.setColorBy(QStringLiteral("activation")));
        view.resetCamera();
        QVERIFY(!view.grabFrame().isNull());
        explorertest::saveScreenshot(w, QStringLiteral("explorer-legend-categorical.png"));

        // A lasso around the middle of the points on screen, drawn with the mouse.
        const std::vector<float>& xyz = view.scene().xyz();
        std::vector<QPointF> screen(xyz.size() / 3);
        double x0 = 1e9, x1 = -1e9, y0 = 1e9, y1 = -1e9;
        for (int r = 0; r < n; ++r) {
            const QPointF p = screen[std::size_t(r)] = widgetPos(view, &xyz[3 * std::size_t(r)]);
            x0 = std::min(x0, p.x());
            x1 = std::max(x1, p.x());
            y0 = std::min(y0, p.y());
            y1 = std::max(y1, p.y());
        }
        const QRectF extent(QPointF(x0, y0), QPointF(x1, y1));
        QPolygonF lasso;
        const QPointF c = extent.center();
        for (int k = 0; k < 48; ++k) {
            const double a = 2.0 * M_PI * k / 48.0;
            lasso << c + QPointF(0.3 * extent.width() * std::cos(a) * (1.0 + 0.25 * std::sin(3 * a)),
                                 0.3 * extent.height() * std::sin(a));
        }
        std::vector<int> expected;
        for (int r = 0; r < n; ++r)
            if (lasso.containsPoint(screen[std::size_t(r)], Qt::OddEvenFill))
                expected.push_back(r);
        QVERIFY(expected.size() > 10 && int(expected.size()) < n);

        view.setInteractionMode(LatentScatterView::InteractionMode::SelectLasso);
        sendMouse(&view, QEvent::MouseButtonPress, lasso[0], Qt::LeftButton, Qt::LeftButton);
        for (int k = 1; k < lasso.size(); ++k)
            sendMouse(&view, QEvent::MouseMove, lasso[k], Qt::NoButton, Qt::LeftButton);
        explorertest::saveScreenshot(w, QStringLiteral("explorer-lasso.png"));
        sendMouse(&view, QEvent::MouseButtonRelease, lasso[0], Qt::LeftButton, Qt::NoButton);
        // Points within a pixel of the outline may fall either way; all others as the outline says.
        std::vector<int> got = selection->selectedRows();
        std::vector<int> diff;
        std::set_symmetric_difference(got.begin(), got.end(), expected.begin(), expected.end(), std::back_inserter(diff));
        for (int r : diff) {
            double nearest = 1e9;
            for (int k = 0; k < lasso.size(); ++k) {
                const QPointF a = lasso[k], b = lasso[(k + 1) % lasso.size()], p = screen[std::size_t(r)];
                const QPointF ab = b - a;
                const double t = std::clamp(QPointF::dotProduct(p - a, ab) / QPointF::dotProduct(ab, ab), 0.0, 1.0);
                const QPointF q = a + t * ab;
                nearest = std::min(nearest, std::hypot(p.x() - q.x(), p.y() - q.y()));
            }
            QVERIFY2(nearest < 1.0, qPrintable(QStringLiteral("row %1 is %2 px inside/outside").arg(r).arg(nearest)));
        }
        QVERIFY(diff.size() <= 2);

        // The Models table selects the same checkpoints: the same model ids and epochs.
        std::multiset<std::pair<qlonglong, qlonglong>> viewIds, tableIds;
        zooscope::ZooTableModel* model = w.zooTable()->model();
        for (int r : got)
            viewIds.insert({model->index(r, 0).data(zooscope::ZooTableModel::ModelIdRole).toLongLong(),
                            model->index(r, 0).data(zooscope::ZooTableModel::EpochRole).toLongLong()});
        for (const QModelIndex& i : w.zooTable()->view()->selectionModel()->selectedRows())
            tableIds.insert({i.data(zooscope::ZooTableModel::ModelIdRole).toLongLong(),
                             i.data(zooscope::ZooTableModel::EpochRole).toLongLong()});
        QCOMPARE(tableIds.size(), got.size());
        QVERIFY(tableIds == viewIds);

        // Trajectories of the selected models, across their epochs.
        auto* trajectories = w.findChild<QComboBox*>(QStringLiteral("trajectoryChoice"));
        QVERIFY(trajectories);
        trajectories->setCurrentIndex(1);
        std::set<qlonglong> models;
        for (const auto& id : viewIds)
            models.insert(id.first);
        QCOMPARE(view.scene().trajectoryCount(), models.size());
        QVERIFY(w.setColorBy(QStringLiteral("epoch")));
        explorertest::saveScreenshot(w, QStringLiteral("explorer-selection-trajectories.png"));

        // A click in the table selects one checkpoint in the view.
        QTableView* table = w.zooTable()->view();
        const QModelIndex row3 = table->model()->index(3, 0);
        table->scrollTo(row3);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::NoModifier, table->visualRect(row3).center());
        const int source = w.zooTable()->proxy()->mapToSource(row3).row();
        QCOMPARE(selection->selectedRows(), std::vector<int>{source});
        QCOMPARE(view.scene().highlightedRows(), std::vector<int>{source});

        // Hovering that point shows its model card.
        view.setInteractionMode(LatentScatterView::InteractionMode::Navigate);
        QPointF at;
        QVERIFY(view.pointPosition(source, &at));
        sendMouse(&view, QEvent::MouseMove, at, Qt::NoButton, Qt::NoButton);
        QVERIFY(view.modelCard()->isVisible());
        // The card is the frontmost point's under the cursor: this one, or one drawn over it.
        const int hovered = view.hoveredRow();
        QVERIFY(hovered >= 0);
        QPointF hoveredAt;
        QVERIFY(view.pointPosition(hovered, &hoveredAt));
        QVERIFY(std::hypot(hoveredAt.x() - at.x(), hoveredAt.y() - at.y()) <= view.pointSize());
        const QString id = QString::number(model->index(hovered, 0).data(zooscope::ZooTableModel::ModelIdRole).toLongLong());
        QVERIFY2(view.modelCard()->text().contains(QStringLiteral("Model ") + id), qPrintable(view.modelCard()->text()));
        explorertest::saveScreenshot(w, QStringLiteral("explorer-hover-card.png"));
        w.close();
    }

    void neighboursComeFromTheLatentsAndTheSessionOwnsTheSelection()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        MainWindow w(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(explorertest::openAndSettle(w, explorertest::defaultZoo()));
        const std::vector<float>& latents = w.session()->latents();
        const int64_t d = w.session()->latentDimension();
        QVERIFY2(d > 0, "the default zoo's hyper-representation gives latents");
        zooscope::SelectionModel* selection = w.selectionModel();
        const int n = selection->rowCount();
        QCOMPARE(int64_t(latents.size()), n * d);

        // The toolbar's Neighbours: the 3 nearest rows in latent space (Euclidean), not on screen.
        const int query = 100;
        std::vector<std::pair<double, int>> distances;
        for (int r = 0; r < n; ++r) {
            if (r == query)
                continue;
            double sum = 0;
            for (int64_t c = 0; c < d; ++c) {
                const double diff = latents[size_t(r * d + c)] - latents[size_t(query * d + c)];
                sum += diff * diff;
            }
            distances.push_back({sum, r});
        }
        std::partial_sort(distances.begin(), distances.begin() + 3, distances.end());
        std::vector<int> expected{query, distances[0].second, distances[1].second, distances[2].second};
        std::sort(expected.begin(), expected.end());
        auto* tools = w.findChild<zooscope::SelectionToolBar*>();
        QVERIFY(tools);
        selection->setSelectedRows({query});
        tools->neighbourCount()->setValue(3);
        tools->neighbourMetric()->setCurrentIndex(0);
        tools->nearestNeighboursAction()->trigger();
        QCOMPARE(selection->selectedRows(), expected);

        // Another projection keeps the selection; another zoo clears it (even one of the same size).
        QSignalSpy shown(&w, &MainWindow::projectionShown);
        QVERIFY(w.setProjection(QStringLiteral("axes")));
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0, 60000);
        QCOMPARE(selection->selectedRows(), expected);
        QTemporaryDir dir;
        QVERIFY(explorertest::openAndSettle(w, explorertest::defaultZooCopy(dir.path())));
        QCOMPARE(selection->rowCount(), n);
        QCOMPARE(selection->selectedCount(), 0);
        w.close();
    }
};

QTEST_MAIN(TestExplorerSelection)
#include "tst_explorerselection.moc"
