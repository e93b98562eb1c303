// The vector figure of the latent view puts each point where the screen shows it: for a figure of the
// view's size, ScatterFigure::project agrees with VTK's own projection (vtkRenderer::WorldToDisplay), with
// the view's picking positions, and with the pixels VTK rendered, for several camera poses.
#include "widgets/FigureOptions.h"
#include "widgets/LatentScatterView.h"
#include "widgets/ScatterFigure.h"
#include "widgets/VtkHostWidget.h"

#include <QApplication>
#include <QImage>
#include <QtTest>

#include <vtkCamera.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include <array>
#include <cmath>
#include <random>

using zooscope::FigureOptions;
using zooscope::LatentScatterView;
using zooscope::ScatterFigure;
using zooscope::ScatterFigureContent;

namespace {

// Eight tight clusters at the corners of a box (values 0, 1/7, ..., 1) and 200 points scattered inside.
void fillPoints(std::vector<float>& xyz, std::vector<double>& values)
{
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> jitter(-0.02f, 0.02f), inside(-0.8f, 0.8f);
    for (int k = 0; k < 8; ++k)
        for (int i = 0; i < 40; ++i) {
            xyz.insert(xyz.end(), {(k & 1 ? 1.0f : -1.0f) + jitter(rng), (k & 2 ? 0.6f : -0.6f) + jitter(rng),
                                   (k & 4 ? 0.4f : -0.4f) + jitter(rng)});
            values.push_back(k / 7.0);
        }
    for (int i = 0; i < 200; ++i) {
        xyz.insert(xyz.end(), {inside(rng), inside(rng) * 0.6f, inside(rng) * 0.4f});
        values.push_back(0.5);
    }
}

FigureOptions screenSized(int width, int height)
{
    FigureOptions o;
    o.format = FigureOptions::Format::Png;
    o.sizeUnit = FigureOptions::SizeUnit::Pixels;
    o.width = width;
    o.height = height;
    o.dpi = 96;
    o.colorBar = false; // the plot then fills the figure, as the 3D view fills its widget
    o.axes = false;
    return o;
}

} // namespace

class TestFigureView : public QObject {
    Q_OBJECT
public:
    static void initMain() { zooscope::VtkHostWidget::setDefaultSurfaceFormat(); }

private slots:
    void figureProjectsPointsWhereVtkDrawsThem()
    {
        QVERIFY2(QGuiApplication::platformName() == QLatin1String("xcb"), "needs a display (run under xvfb-run)");
        LatentScatterView view;
        view.resize(720, 450); // wider than high: the aspect matters
        std::vector<float> xyz;
        std::vector<double> values;
        fillPoints(xyz, values);
        view.setPoints(xyz, values);
        view.setValueRange(0.0, 1.0);
        view.setPointSize(10.0);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.resetCamera();
        QVERIFY(!view.grabFrame().isNull());

        vtkRenderer* renderer = view.scene().renderer();
        const int* size = renderer->GetSize();
        const int width = size[0], height = size[1];
        const qreal dpr = view.devicePixelRatioF();
        QCOMPARE(QSize(width, height), view.size() * dpr);
        const QRectF target(0, 0, width, height);
        const int rows[] = {0, 45, 130, 250, 319, 330, 400, 500};

        const auto checkPose = [&](const char* pose) {
            const QImage frame = view.grabFrame();
            QVERIFY(!frame.isNull());
            ScatterFigureContent content;
            content.data = view.scene().data();
            content.colouring = view.scene().colouring();
            content.camera = view.scene().scatterCamera().pose();
            content.pointSize = view.pointSize();
            ScatterFigure figure(content, screenSized(width, height));
            QCOMPARE(figure.plotRect(target), target);
            for (int row : rows) {
                const std::array<float, 3> p = content.data.position(std::size_t(row));
                renderer->SetWorldPoint(p[0], p[1], p[2], 1.0);
                renderer->WorldToDisplay();
                double display[3];
                renderer->GetDisplayPoint(display);
                const QPointF vtk(display[0], height - display[1]); // VTK's origin is bottom left
                QPointF projected;
                QVERIFY2(figure.project(row, target, &projected), pose);
                QVERIFY2(std::abs(projected.x() - vtk.x()) <= 1.0 && std::abs(projected.y() - vtk.y()) <= 1.0,
                         qPrintable(QStringLiteral("%1, row %2: figure (%3, %4), VTK (%5, %6)")
                                        .arg(QLatin1String(pose)).arg(row).arg(projected.x()).arg(projected.y())
                                        .arg(vtk.x()).arg(vtk.y())));
                // The view's own picking positions (logical pixels) agree too, when the point is not hidden
                // (they count rows of pixels as VTK does, height - 1 - y: up to one pixel apart).
                QPointF picked;
                if (view.pointPosition(row, &picked))
                    QVERIFY2(QLineF(picked * dpr, projected).length() <= 1.0 + 1e-3, qPrintable(QStringLiteral("%1, row %2: picked (%3, %4), figure (%5, %6)").arg(QLatin1String(pose)).arg(row).arg(picked.x()).arg(picked.y()).arg(projected.x()).arg(projected.y())));
            }
            // The corner clusters' centres: VTK drew their colour where the figure puts them.
            int seen = 0;
            for (int k = 0; k < 8; ++k) {
                QPointF at;
                QVERIFY(figure.project(k * 40, target, &at));
                const QPoint px(int(at.x()), int(at.y()));
                if (!frame.rect().contains(px))
                    continue;
                const QColor expected = content.colouring.colour(k / 7.0).toQColor();
                const QColor got = frame.pixelColor(px);
                seen += std::max({std::abs(got.red() - expected.red()), std::abs(got.green() - expected.green()),
                                  std::abs(got.blue() - expected.blue())}) <= 16 ? 1 : 0;
            }
            // Clusters may hide one another in some poses; most are in front.
            QVERIFY2(seen >= 4, qPrintable(QStringLiteral("%1: %2 of 8 clusters in their colour").arg(QLatin1String(pose)).arg(seen)));
        };

        checkPose("reset");
        if (QTest::currentTestFailed())
            return;
        view.setCameraPreset(LatentScatterView::CameraPreset::Isometric);
        checkPose("isometric");
        if (QTest::currentTestFailed())
            return;
        vtkCamera* camera = view.scene().camera();
        camera->Azimuth(25);
        camera->Elevation(-15);
        camera->OrthogonalizeViewUp();
        camera->Zoom(1.3);
        renderer->ResetCameraClippingRange();
        view.renderWindow()->Render();
        checkPose("turned and zoomed");
        if (QTest::currentTestFailed())
            return;
        view.setOrthographic(true);
        checkPose("orthographic");
        if (QTest::currentTestFailed())
            return;
    }
};

QTEST_MAIN(TestFigureView)
#include "tst_figureview.moc"
