#include "app/LatentFigure.h"

#include "app/ExplorerSession.h"
#include "app/OpenedZoo.h"
#include "app/SamplingComputation.h"
#include "widgets/FigureWriter.h"
#include "widgets/SelectionModel.h"

#include <cmath>
#include <stdexcept>

namespace zooscope {

LatentFigure::Colours LatentFigure::colours(ExplorerSession& session)
{
    QString error;
    const PointProperty* p = session.property(session.pointStyle().colorBy, &error);
    if (!p)
        throw std::runtime_error(error.toStdString());
    Colours c;
    c.title = p->title;
    c.categorical = p->categorical;
    if (p->categorical) {
        c.codes.resize(p->values.size());
        for (std::size_t i = 0; i < c.codes.size(); ++i)
            c.codes[i] = std::isfinite(p->values[i]) ? int(p->values[i]) : -1;
        for (const QString& name : p->categories)
            c.names.push_back(name.toStdString());
    } else {
        c.values = p->values;
    }
    return c;
}

std::vector<double> LatentFigure::generatedValues(const ExplorerSession& session)
{
    const SamplingOutcome* o = session.generated();
    // Generated models have their measured accuracy (no prediction): on the scale of the zoo's accuracies.
    const QString& by = session.pointStyle().colorBy;
    if (o && by.endsWith(QLatin1String("_accuracy")) && !PointProperty::isDerived(by) && !o->generated.epochs.empty())
        return o->generated.epochs.back().testAccuracy;
    return {};
}

QStringList LatentFigure::axisTitles(const ProjectionResult& projection)
{
    QStringList titles;
    for (int i = 0; i < 3; ++i) {
        switch (projection.request.method) {
        case ProjectionMethod::Pca:
            titles << (std::size_t(i) < projection.explainedVariance.size()
                           ? tr("PC %1 (%2%)").arg(i + 1).arg(100.0 * projection.explainedVariance[std::size_t(i)], 0, 'f', 1)
                           : tr("PC %1").arg(i + 1));
            break;
        case ProjectionMethod::Tsne:
            titles << tr("t-SNE %1").arg(i + 1);
            break;
        case ProjectionMethod::Axes:
            titles << tr("Axis %1").arg(projection.request.axes[std::size_t(i)] + 1);
            break;
        }
    }
    return titles;
}

ScatterFigureContent LatentFigure::contentOf(ExplorerSession& session, const FigureOptions& options,
                                             std::optional<CameraPose> camera)
{
    const OpenedZoo* zoo = session.zoo();
    const ProjectionResult& projection = session.projection();
    if (!zoo || projection.xyz.size() != std::size_t(zoo->pointCount()) * 3)
        throw std::runtime_error(tr("There is no zoo on show to make a figure of.").toStdString());

    // The same calls, in the same order, as the view's scene gets them from ScatterViewBinding.
    ScatterFigureContent content;
    ScatterPointData& data = content.data;
    ScatterColouring& colouring = content.colouring;
    data.setPoints(projection.xyz, {});
    const PointStyle& style = session.pointStyle();
    colouring.setColorMap(style.colorMap, style.colorMapReversed);
    const Colours c = colours(session);
    if (c.categorical) {
        data.setCategories(c.codes, c.names);
        colouring.setMode(ScatterColouring::Mode::Categorical, int(c.names.size()));
    } else {
        data.setValues(c.values);
        colouring.setMode(c.values.empty() ? ScatterColouring::Mode::None : ScatterColouring::Mode::Continuous);
    }
    colouring.setAutoValueRange(data.values());
    content.colorBarTitle = c.title;

    if (!style.sizeBy.isEmpty()) {
        QString error;
        const PointProperty* p = session.property(style.sizeBy, &error);
        if (!p)
            throw std::runtime_error(error.toStdString());
        data.setSizeValues(p->values);
    }

    const ViewState& view = session.viewState();
    if (!view.isolatedRows.empty())
        data.setVisibleRows(view.isolatedRows);
    data.setHighlightedRows(session.selection()->selectedRows());
    data.setTrajectoryGroups(zoo->rowsPerModel());
    data.setTrajectories(data.trajectoryLines(view.trajectories));

    const std::vector<float> placed = session.generatedPlacement();
    if (session.generated() && !placed.empty())
        data.setGeneratedPoints(placed, generatedValues(session));

    content.pointSize = style.pointSize;
    content.density = view.density;
    content.axisTitles = axisTitles(projection);
    if (camera)
        content.camera = *camera;
    else if (view.camera)
        content.camera = *view.camera;
    else
        content.camera = presetPose(content, options, ScatterCamera::Preset::MinusZ);
    return content;
}

CameraPose LatentFigure::presetPose(const ScatterFigureContent& content, const FigureOptions& options,
                                    ScatterCamera::Preset preset)
{
    const QSize px = options.pixelSize();
    const QRectF plot = ScatterFigure(content, options).plotRect(QRectF(0, 0, px.width(), px.height()));
    ScatterCamera camera;
    camera.setPreset(preset, content.data.visibleBounds(), plot.height() > 0 ? plot.width() / plot.height() : 1.0);
    return camera.pose();
}

ScatterFigure::Stats LatentFigure::write(ExplorerSession& session, const FigureOptions& options, const QString& file,
                                         std::optional<CameraPose> camera)
{
    ScatterFigure figure(contentOf(session, options, std::move(camera)), options);
    FigureWriter::write(file, options, [&figure](QPainter& painter, const QRectF& target) { figure.paint(painter, target); });
    return figure.stats();
}

} // namespace zooscope
