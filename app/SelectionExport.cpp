#include "app/SelectionExport.h"

#include "app/ExplorerSession.h"
#include "app/OpenedZoo.h"
#include "app/PointProperty.h"
#include "app/ProjectionComputation.h"
#include "core/AtomicFile.h"
#include "widgets/SelectionModel.h"
#include "zoo/ZooFile.h"

#include <QFileInfo>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <stdexcept>

namespace zooscope {

namespace {

// Values that are whole numbers print as integers, values that are floats (metrics, weights, latents) as
// the shortest text of the float, other doubles (log10 of a learning rate) as the shortest double.
bool isWhole(double v) { return std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9.0e15; }
bool isFloat(double v) { return std::isfinite(v) && static_cast<double>(static_cast<float>(v)) == v; }

std::string numberText(double v)
{
    if (!std::isfinite(v))
        return {};
    char buffer[64];
    std::to_chars_result r;
    if (isWhole(v))
        r = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(v));
    else if (isFloat(v))
        r = std::to_chars(buffer, buffer + sizeof buffer, static_cast<float>(v));
    else
        r = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, r.ptr);
}

Json numberJson(double v)
{
    if (!std::isfinite(v))
        return Json();
    if (isWhole(v))
        return Json(static_cast<long long>(v));
    if (isFloat(v))
        return Json(static_cast<float>(v));
    return Json(v);
}

// RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled.
std::string csvField(const std::string& text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + '"';
}

} // namespace

SelectionExport::SelectionExport(const OpenedZoo& zoo, std::vector<int> rows, const std::vector<float>& latents,
                                 int64_t latentDim, const ProjectionResult* projection)
    : m_zoo(&zoo)
    , m_rows(std::move(rows))
{
    if (m_rows.empty())
        throw std::invalid_argument(tr("Nothing is selected.").toStdString());
    const int64_t points = zoo.pointCount();
    for (int row : m_rows)
        if (row < 0 || row >= points)
            throw std::invalid_argument("selected point " + std::to_string(row) + " is not in the zoo (" +
                                        std::to_string(points) + " points)");
    for (int row : m_rows) {
        const int64_t model = zoo.pointModelRows[size_t(row)];
        m_modelIds.push_back(zoo.zoo.modelIds[size_t(model)]);
        m_epochs.push_back(zoo.zoo.checkpointEpochs[size_t(zoo.pointCheckpoints[size_t(row)])]);
    }
    for (const QString& id : PointProperty::ids()) {
        if (id == QLatin1String("model_id") || id == QLatin1String("epoch") || PointProperty::isDerived(id))
            continue;
        const PointProperty p = PointProperty::compute(zoo, id);
        Column c;
        c.name = p.logScale ? QStringLiteral("log10_") + id : id;
        c.categorical = p.categorical;
        c.categories = p.categories;
        for (int row : m_rows)
            c.values.push_back(p.values[size_t(row)]);
        m_properties.push_back(std::move(c));
    }
    if (latentDim > 0 && latents.size() == size_t(points * latentDim)) {
        m_latentDim = latentDim;
        for (int row : m_rows)
            m_latents.insert(m_latents.end(), latents.begin() + std::ptrdiff_t(row * latentDim),
                             latents.begin() + std::ptrdiff_t((row + 1) * latentDim));
    }
    if (projection && projection->xyz.size() == size_t(points * 3)) {
        for (int row : m_rows)
            m_projected.insert(m_projected.end(), projection->xyz.begin() + std::ptrdiff_t(row * 3),
                               projection->xyz.begin() + std::ptrdiff_t(row * 3 + 3));
        m_projectionMethod = ProjectionComputation::methodId(projection->request.method);
        m_explainedVariance = projection->explainedVariance;
    }
}

SelectionExport SelectionExport::fromSession(ExplorerSession& session)
{
    if (!session.zoo())
        throw std::invalid_argument(tr("No zoo is open.").toStdString());
    return SelectionExport(*session.zoo(), session.selection()->selectedRows(), session.latents(), session.latentDimension(),
                           &session.projection());
}

std::optional<SelectionExport::Format> SelectionExport::formatOf(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv"))
        return Format::Csv;
    if (suffix == QLatin1String("json"))
        return Format::Json;
    if (suffix == QLatin1String("h5") || suffix == QLatin1String("hdf5"))
        return Format::Zoo;
    return std::nullopt;
}

std::optional<SelectionExport::Format> SelectionExport::formatNamed(const QString& name)
{
    if (name == QLatin1String("csv"))
        return Format::Csv;
    if (name == QLatin1String("json"))
        return Format::Json;
    if (name == QLatin1String("zoo"))
        return Format::Zoo;
    if (name == QLatin1String("state-dicts"))
        return Format::StateDicts;
    return std::nullopt;
}

QStringList SelectionExport::propertyColumns() const
{
    QStringList out;
    for (const Column& c : m_properties)
        out << c.name;
    return out;
}

QStringList SelectionExport::csvColumns() const
{
    QStringList out{QStringLiteral("model_id"), QStringLiteral("epoch")};
    out << propertyColumns();
    for (int64_t d = 0; d < m_latentDim; ++d)
        out << QStringLiteral("latent_%1").arg(d + 1);
    if (!m_projected.empty())
        out << QStringLiteral("projected_x") << QStringLiteral("projected_y") << QStringLiteral("projected_z");
    return out;
}

std::string SelectionExport::csv() const
{
    std::string out = csvColumns().join(QLatin1Char(',')).toStdString() + "\n";
    for (size_t i = 0; i < m_rows.size(); ++i) {
        // Appended piece by piece: GCC 12 warns (-Wrestrict, falsely) about `"," + std::string`.
        std::string line = std::to_string(m_modelIds[i]);
        line += ',';
        line += std::to_string(m_epochs[i]);
        for (const Column& c : m_properties) {
            const double v = c.values[i];
            line += ',';
            if (c.categorical)
                line += csvField(c.categories.value(int(v)).toStdString());
            else
                line += numberText(v);
        }
        for (int64_t d = 0; d < m_latentDim; ++d) {
            line += ',';
            line += numberText(m_latents[i * size_t(m_latentDim) + size_t(d)]);
        }
        if (!m_projected.empty())
            for (size_t k = 0; k < 3; ++k) {
                line += ',';
                line += numberText(m_projected[i * 3 + k]);
            }
        out += line;
        out += '\n';
    }
    return out;
}

Json SelectionExport::json() const
{
    Json j = Json::object();
    j["format"] = "zooscope-selection";
    j["version"] = 1;
    j["zoo"] = QFileInfo(m_zoo->path).fileName().toStdString();
    j["latent_dimension"] = Json(static_cast<long long>(m_latentDim));
    if (!m_projected.empty()) {
        Json projection = Json::object();
        projection["method"] = m_projectionMethod.toStdString();
        if (!m_explainedVariance.empty())
            projection["explained_variance"] = Json::arrayOf(m_explainedVariance);
        j["projection"] = projection;
    } else {
        j["projection"] = Json();
    }
    Json points = Json::array();
    for (size_t i = 0; i < m_rows.size(); ++i) {
        Json p = Json::object();
        p["model_id"] = Json(static_cast<long long>(m_modelIds[i]));
        p["epoch"] = Json(static_cast<long long>(m_epochs[i]));
        Json properties = Json::object();
        for (const Column& c : m_properties) {
            const double v = c.values[i];
            properties[c.name.toStdString()] = c.categorical ? Json(c.categories.value(int(v)).toStdString()) : numberJson(v);
        }
        p["properties"] = properties;
        if (m_latentDim > 0) {
            Json latent = Json::array();
            for (int64_t d = 0; d < m_latentDim; ++d)
                latent.push(numberJson(m_latents[i * size_t(m_latentDim) + size_t(d)]));
            p["latent"] = latent;
        }
        if (!m_projected.empty()) {
            Json xyz = Json::array();
            for (size_t k = 0; k < 3; ++k)
                xyz.push(numberJson(m_projected[i * 3 + k]));
            p["projected"] = xyz;
        }
        points.push(std::move(p));
    }
    j["points"] = points;
    return j;
}

std::vector<ZooSubset::Checkpoint> SelectionExport::checkpoints() const
{
    std::vector<ZooSubset::Checkpoint> out;
    for (size_t i = 0; i < m_rows.size(); ++i)
        out.push_back({m_modelIds[i], m_epochs[i]});
    return out;
}

ModelZoo SelectionExport::subsetZoo() const { return ZooSubset::select(m_zoo->zoo, checkpoints()); }

void SelectionExport::write(Format format, const QString& path) const
{
    switch (format) {
    case Format::Csv: writeCsv(path); return;
    case Format::Json: writeJson(path); return;
    case Format::Zoo: writeZoo(path); return;
    case Format::StateDicts: writeStateDicts(path); return;
    }
}

void SelectionExport::writeCsv(const QString& file) const { AtomicFile::write(file.toStdString(), csv()); }

void SelectionExport::writeJson(const QString& file) const { AtomicFile::write(file.toStdString(), json().dump(2) + "\n"); }

void SelectionExport::writeZoo(const QString& file) const
{
    ModelZoo subset;
    try {
        subset = subsetZoo();
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(e.what());
    }
    ZooFile::write(subset, file.toStdString());
}

std::vector<ExportedModel> SelectionExport::writeStateDicts(const QString& dir) const
{
    std::map<int64_t, std::vector<int64_t>> idsOfEpoch;
    for (size_t i = 0; i < m_rows.size(); ++i) {
        std::vector<int64_t>& ids = idsOfEpoch[m_epochs[i]];
        if (std::find(ids.begin(), ids.end(), m_modelIds[i]) == ids.end())
            ids.push_back(m_modelIds[i]);
    }
    std::vector<ExportedModel> out;
    for (const auto& [epoch, ids] : idsOfEpoch) {
        const std::filesystem::path folder = std::filesystem::path(dir.toStdString()) / ("epoch-" + std::to_string(epoch));
        const std::vector<ExportedModel> written = ZooExporter::exportModels(m_zoo->zoo, ids, epoch, folder.string());
        out.insert(out.end(), written.begin(), written.end());
    }
    return out;
}

} // namespace zooscope
