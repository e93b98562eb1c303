#include "widgets/DensityLayer.h"

#include <QColor>
#include <QTimer>

#include <vtkActor2D.h>
#include <vtkCellArray.h>
#include <vtkCoordinate.h>
#include <vtkImageData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper2D.h>
#include <vtkProperty2D.h>
#include <vtkRenderer.h>
#include <vtkTexture.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <cmath>

namespace zooscope {

namespace {

// The shading texture: half the widget's resolution (interpolated; the density is smooth).
constexpr double kShadingScale = 0.5;

} // namespace

DensityLayer::DensityLayer(vtkRenderer* renderer, QObject* parent)
    : QObject(parent)
    , m_renderer(renderer)
    , m_timer(new QTimer(this))
    , m_texture(vtkSmartPointer<vtkTexture>::New())
    , m_lines(vtkSmartPointer<vtkPolyData>::New())
    , m_actor(vtkSmartPointer<vtkActor2D>::New())
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (m_settings.on)
            emit recomputeDue();
    });
    m_texture->InterpolateOn();
    auto coordinate = vtkSmartPointer<vtkCoordinate>::New();
    coordinate->SetCoordinateSystemToNormalizedViewport();
    auto mapper = vtkSmartPointer<vtkPolyDataMapper2D>::New();
    mapper->SetInputData(m_lines);
    mapper->SetTransformCoordinate(coordinate);
    m_actor->SetMapper(mapper);
    const QColor line = ScreenDensity::lineColour();
    m_actor->GetProperty()->SetColor(line.redF(), line.greenF(), line.blueF());
    m_actor->GetProperty()->SetLineWidth(ScreenDensity::kLineWidth);
    m_actor->VisibilityOff();
    m_actor->SetPickable(false);
    m_renderer->AddActor2D(m_actor);
}

// The renderer keeps the actor and the texture: their GL resources go with it, while its context is current.
DensityLayer::~DensityLayer() = default;

void DensityLayer::setSettings(const DensitySettings& settings)
{
    m_settings = settings;
    if (m_settings.on)
        invalidate(0);
    else
        hide();
}

void DensityLayer::invalidate(int delayMs)
{
    hide();
    if (m_settings.on)
        m_timer->start(delayMs);
}

void DensityLayer::hide()
{
    m_shown = false;
    m_actor->VisibilityOff();
    m_renderer->SetTexturedBackground(false);
}

void DensityLayer::show(const std::vector<float>& x, const std::vector<float>& y, double width, double height,
                        const std::array<double, 3>& background)
{
    m_timer->stop();
    if (!m_settings.on) {
        hide();
        return;
    }
    m_density.compute(x, y, width, height, m_settings.bandwidth);
    m_shown = true;

    if (m_settings.shading() && !m_density.isEmpty()) {
        const int w = std::max(1, int(std::lround(width * kShadingScale)));
        const int h = std::max(1, int(std::lround(height * kShadingScale)));
        const QImage shade = m_density.shading(QSize(w, h), QRectF(0, 0, width, height), ScreenDensity::shadeColour());
        // Over the background, opaque; VTK's rows run bottom up.
        auto image = vtkSmartPointer<vtkImageData>::New();
        image->SetDimensions(w, h, 1);
        image->AllocateScalars(VTK_UNSIGNED_CHAR, 3);
        auto* out = static_cast<unsigned char*>(image->GetScalarPointer());
        for (int row = 0; row < h; ++row) {
            const auto* in = reinterpret_cast<const QRgb*>(shade.constScanLine(h - 1 - row));
            for (int col = 0; col < w; ++col) {
                const QRgb p = in[col];
                const double keep = 1.0 - qAlpha(p) / 255.0;
                unsigned char* o = out + 3 * (std::size_t(row) * std::size_t(w) + std::size_t(col));
                o[0] = static_cast<unsigned char>(std::lround(qRed(p) + keep * 255.0 * background[0]));
                o[1] = static_cast<unsigned char>(std::lround(qGreen(p) + keep * 255.0 * background[1]));
                o[2] = static_cast<unsigned char>(std::lround(qBlue(p) + keep * 255.0 * background[2]));
            }
        }
        m_texture->SetInputData(image);
        m_renderer->SetBackgroundTexture(m_texture);
        m_renderer->SetTexturedBackground(true);
    } else {
        m_renderer->SetTexturedBackground(false);
    }

    auto points = vtkSmartPointer<vtkPoints>::New();
    auto cells = vtkSmartPointer<vtkCellArray>::New();
    if (m_settings.contours()) {
        for (const ScreenDensity::Contour& c : m_density.contours()) {
            for (const QPolygonF& line : c.lines) {
                cells->InsertNextCell(vtkIdType(line.size()));
                for (const QPointF& p : line)
                    cells->InsertCellPoint(points->InsertNextPoint(p.x() / width, 1.0 - p.y() / height, 0.0));
            }
        }
    }
    m_lines->SetPoints(points);
    m_lines->SetLines(cells);
    m_lines->Modified();
    m_actor->SetVisibility(m_settings.contours() && cells->GetNumberOfCells() > 0);
}

} // namespace zooscope
