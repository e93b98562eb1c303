#include "app/SessionFile.h"

#include "app/PointProperty.h"
#include "core/AtomicFile.h"
#include "core/Json.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <cmath>
#include <stdexcept>

namespace zooscope {

namespace {

using TrajectoryMode = ScatterPointData::TrajectoryMode;

const char* trajectoryId(TrajectoryMode mode)
{
    switch (mode) {
    case TrajectoryMode::None: return "none";
    case TrajectoryMode::Selected: return "selected";
    case TrajectoryMode::All: return "all";
    }
    return "selected";
}

// A field of the wrong type or value: the message names it by its path in the document.
struct FieldError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

[[noreturn]] void wrong(const std::string& field, const char* expected)
{
    throw FieldError("\"" + field + "\" must be " + expected);
}

const Json& member(const Json& object, const std::string& parent, const char* key)
{
    const Json* found = object.find(key);
    const std::string path = parent.empty() ? std::string(key) : parent + "." + key;
    if (!found)
        throw FieldError("\"" + path + "\" is missing");
    return *found;
}

const Json& objectAt(const Json& object, const std::string& parent, const char* key)
{
    const Json& j = member(object, parent, key);
    if (!j.isObject())
        wrong(parent.empty() ? key : parent + "." + key, "an object");
    return j;
}

const Json& arrayAt(const Json& object, const std::string& parent, const char* key)
{
    const Json& j = member(object, parent, key);
    if (!j.isArray())
        wrong(parent.empty() ? key : parent + "." + key, "an array");
    return j;
}

QString stringAt(const Json& object, const std::string& parent, const char* key)
{
    const Json& j = member(object, parent, key);
    if (!j.isString())
        wrong(parent.empty() ? key : parent + "." + key, "a string");
    return QString::fromStdString(j.string());
}

double numberAt(const Json& object, const std::string& parent, const char* key)
{
    const Json& j = member(object, parent, key);
    if (!j.isNumber() || !std::isfinite(j.number()))
        wrong(parent.empty() ? key : parent + "." + key, "a number");
    return j.number();
}

int64_t integerOf(const Json& j, const std::string& path)
{
    if (!j.isNumber() || !std::isfinite(j.number()) || std::floor(j.number()) != j.number() || std::fabs(j.number()) > 9.0e15)
        wrong(path, "an integer");
    return int64_t(j.number());
}

int64_t integerAt(const Json& object, const std::string& parent, const char* key)
{
    return integerOf(member(object, parent, key), parent.empty() ? key : parent + "." + key);
}

bool booleanAt(const Json& object, const std::string& parent, const char* key)
{
    const Json& j = member(object, parent, key);
    if (!j.isBool())
        wrong(parent.empty() ? key : parent + "." + key, "true or false");
    return j.boolean();
}

Json pointsToJson(const std::vector<ModelCheckpoint>& points)
{
    Json a = Json::array();
    for (const ModelCheckpoint& p : points) {
        Json pair = Json::array();
        pair.push(Json(static_cast<long long>(p.modelId)));
        pair.push(Json(static_cast<long long>(p.epoch)));
        a.push(std::move(pair));
    }
    return a;
}

std::vector<ModelCheckpoint> pointsOf(const Json& array, const std::string& path)
{
    std::vector<ModelCheckpoint> points;
    points.reserve(array.size());
    for (size_t i = 0; i < array.size(); ++i) {
        const Json& pair = array[i];
        const std::string at = path + "[" + std::to_string(i) + "]";
        if (!pair.isArray() || pair.size() != 2)
            wrong(at, "a pair [model id, epoch]");
        const ModelCheckpoint p{integerOf(pair[0], at + "[0]"), integerOf(pair[1], at + "[1]")};
        if (p.epoch < 0)
            wrong(at + "[1]", "an epoch (0 or more)");
        points.push_back(p);
    }
    return points;
}

Json fileToJson(const QString& path, const QString& hash, const QString& sessionFile)
{
    Json j = Json::object();
    j["path"] = SessionFile::storedPath(path, sessionFile).toStdString();
    j["sha256"] = hash.toStdString();
    return j;
}

void fileOf(const Json& j, const std::string& path, const QString& sessionFile, QString* file, QString* hash)
{
    if (!j.isObject())
        wrong(path, "an object with \"path\" and \"sha256\"");
    const QString stored = stringAt(j, path, "path");
    if (stored.isEmpty())
        wrong(path + ".path", "a file name");
    *hash = stringAt(j, path, "sha256");
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    if (!hex.match(*hash).hasMatch())
        wrong(path + ".sha256", "64 hexadecimal digits");
    *file = SessionFile::resolvedPath(stored, sessionFile);
}

// The Histograms panel: [{"property": ID, "range": [LOW, HIGH]} | {..., "categories": [NAME, ...]} | {"property": ID}].
Json histogramsToJson(const std::vector<HistogramState>& histograms)
{
    Json a = Json::array();
    for (const HistogramState& h : histograms) {
        Json o = Json::object();
        o["property"] = h.property.toStdString();
        if (h.ranged) {
            Json range = Json::array();
            range.push(Json(h.low));
            range.push(Json(h.high));
            o["range"] = std::move(range);
        } else if (!h.categories.isEmpty()) {
            Json names = Json::array();
            for (const QString& c : h.categories)
                names.push(Json(c.toStdString()));
            o["categories"] = std::move(names);
        }
        a.push(std::move(o));
    }
    return a;
}

std::vector<HistogramState> histogramsOf(const Json& array)
{
    if (!array.isArray())
        wrong("histograms", "an array");
    std::vector<HistogramState> out;
    for (size_t i = 0; i < array.size(); ++i) {
        const std::string at = "histograms[" + std::to_string(i) + "]";
        if (!array[i].isObject())
            wrong(at, "an object with \"property\"");
        HistogramState h;
        h.property = stringAt(array[i], at, "property");
        if (!PointProperty::ids().contains(h.property))
            wrong(at + ".property", "a point property (test_accuracy, epoch, activation, ...)");
        for (const HistogramState& other : out)
            if (other.property == h.property)
                wrong(at + ".property", "a property shown once");
        const Json* range = array[i].find("range");
        const Json* categories = array[i].find("categories");
        if (range && categories)
            wrong(at, "a range or categories, not both");
        if (range) {
            if (PointProperty::isCategorical(h.property))
                wrong(at + ".range", "absent for a categorical property (it has \"categories\")");
            if (!range->isArray() || range->size() != 2 || !(*range)[0].isNumber() || !(*range)[1].isNumber() ||
                !std::isfinite((*range)[0].number()) || !std::isfinite((*range)[1].number()) || (*range)[0].number() > (*range)[1].number())
                wrong(at + ".range", "two numbers, low and high");
            h.ranged = true;
            h.low = (*range)[0].number();
            h.high = (*range)[1].number();
        }
        if (categories) {
            if (!PointProperty::isCategorical(h.property))
                wrong(at + ".categories", "absent for a continuous property (it has \"range\")");
            if (!categories->isArray())
                wrong(at + ".categories", "an array of category names");
            for (size_t k = 0; k < categories->size(); ++k) {
                if (!(*categories)[k].isString())
                    wrong(at + ".categories[" + std::to_string(k) + "]", "a category name");
                h.categories << QString::fromStdString((*categories)[k].string());
            }
        }
        out.push_back(std::move(h));
    }
    return out;
}

} // namespace

QString SessionFile::sha256(const QString& file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        throw std::runtime_error(tr("Cannot read %1: %2").arg(file, f.errorString()).toStdString());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&f))
        throw std::runtime_error(tr("Cannot read %1: %2").arg(file, f.errorString()).toStdString());
    return QString::fromLatin1(hash.result().toHex());
}

QString SessionFile::storedPath(const QString& target, const QString& sessionFile)
{
    const QString absolute = QDir::cleanPath(QFileInfo(target).absoluteFilePath());
    const QDir folder(QFileInfo(sessionFile).absolutePath());
    const QString relative = folder.relativeFilePath(absolute);
    int up = 0;
    for (QStringView rest(relative); rest.startsWith(QLatin1String("../")); rest = rest.mid(3))
        ++up;
    return up <= 2 && !QDir::isAbsolutePath(relative) ? relative : absolute;
}

QString SessionFile::resolvedPath(const QString& stored, const QString& sessionFile)
{
    if (QDir::isAbsolutePath(stored))
        return QDir::cleanPath(stored);
    return QDir::cleanPath(QFileInfo(sessionFile).absoluteDir().absoluteFilePath(stored));
}

std::string SessionFile::toText(const SessionState& s, const QString& file, bool withHashes)
{
    const auto hashOf = [&](const QString& path, const QString& recorded) { return withHashes ? sha256(path) : recorded; };
    Json root = Json::object();
    root["format"] = kFormat;
    root["version"] = kVersion;
    root["zoo"] = fileToJson(s.zooPath, hashOf(s.zooPath, s.zooSha256), file);
    root["hyper_representation"] =
        s.hyperRepresentationPath.isEmpty() ? Json() : fileToJson(s.hyperRepresentationPath, hashOf(s.hyperRepresentationPath, s.hyperRepresentationSha256), file);

    Json projection = Json::object();
    projection["method"] = ProjectionComputation::methodId(s.projection.method).toStdString();
    Json axes = Json::array();
    for (int a : s.projection.axes)
        axes.push(Json(a));
    projection["axes"] = std::move(axes);
    projection["perplexity"] = s.projection.perplexity;
    projection["iterations"] = s.projection.iterations;
    projection["seed"] = static_cast<unsigned long long>(s.projection.seed);
    root["projection"] = std::move(projection);

    Json style = Json::object();
    style["color_by"] = s.style.colorBy.toStdString();
    style["size_by"] = s.style.sizeBy.toStdString();
    style["color_map"] = ColorMap::id(s.style.colorMap).toStdString();
    style["color_map_reversed"] = s.style.colorMapReversed;
    style["point_size"] = s.style.pointSize;
    root["style"] = std::move(style);

    Json view = Json::object();
    view["camera"] = s.camera ? s.camera->toJson() : Json();
    view["trajectories"] = trajectoryId(s.trajectories);
    view["isolated"] = pointsToJson(s.isolated);
    view["density"] = s.density.toJson();
    root["view"] = std::move(view);

    root["selection"] = pointsToJson(s.selection);
    Json named = Json::array();
    for (const auto& [name, points] : s.namedSelections) {
        Json n = Json::object();
        n["name"] = name.toStdString();
        n["points"] = pointsToJson(points);
        named.push(std::move(n));
    }
    root["named_selections"] = std::move(named);

    Json generated = Json::array();
    for (qsizetype i = 0; i < s.generatedSets.size(); ++i)
        generated.push(fileToJson(s.generatedSets[i], hashOf(s.generatedSets[i], s.generatedSha256.value(i)), file));
    root["generated_sets"] = std::move(generated);

    root["panel_layout"] = s.panelLayout.toBase64().toStdString();
    root["figure"] = s.figure.toJson();
    if (s.prediction) {
        Json prediction = Json::object();
        prediction["epoch"] = s.prediction->epoch;
        prediction["predictor"] = toString(s.prediction->predictor);
        root["model_selection"] = std::move(prediction);
    }
    if (s.histograms)
        root["histograms"] = histogramsToJson(*s.histograms);
    return root.dump(2) + "\n";
}

void SessionFile::write(const SessionState& state, const QString& file)
{
    if (state.zooPath.isEmpty())
        throw std::runtime_error(tr("There is nothing to save: open a model zoo first.").toStdString());
    const std::string text = toText(state, file, true);
    AtomicFile::write(QFileInfo(file).absoluteFilePath().toStdString(), text);
}

SessionState SessionFile::parse(const std::string& text, const QString& file)
{
    const QString name = QDir::toNativeSeparators(file);
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
        throw std::runtime_error(tr("%1 is empty: it is not a ZooScope session.").arg(name).toStdString());
    Json root;
    try {
        root = Json::parse(text);
    } catch (const std::exception& e) {
        const std::string why = e.what();
        // A document cut off (a copy that did not finish) ends in the middle of its JSON.
        if (why.find("end of input") != std::string::npos && text.find_first_not_of(" \t\r\n") != std::string::npos &&
            text[text.find_first_not_of(" \t\r\n")] == '{')
            throw std::runtime_error(tr("%1 is truncated: it ends in the middle of the session (%2).")
                                         .arg(name, QString::fromStdString(why))
                                         .toStdString());
        throw std::runtime_error(tr("%1 is not a ZooScope session: it is not JSON (%2).").arg(name, QString::fromStdString(why)).toStdString());
    }
    if (!root.isObject())
        throw std::runtime_error(tr("%1 is not a ZooScope session: it is not a JSON object.").arg(name).toStdString());
    const Json* format = root.find("format");
    if (!format || !format->isString() || format->string() != kFormat)
        throw std::runtime_error(tr("%1 is not a ZooScope session (its format is %2, not \"%3\").")
                                     .arg(name,
                                          format && format->isString() ? QStringLiteral("\"%1\"").arg(QString::fromStdString(format->string()))
                                                                       : tr("not given"),
                                          QLatin1String(kFormat))
                                     .toStdString());
    try {
        const int64_t version = integerAt(root, "", "version");
        if (version > kVersion)
            throw std::runtime_error(tr("%1 was written by a newer ZooScope (session version %2); this one reads version %3.")
                                         .arg(name)
                                         .arg(version)
                                         .arg(kVersion)
                                         .toStdString());
        if (version < 1)
            wrong("version", "1 or more");

        SessionState s;
        fileOf(member(root, "", "zoo"), "zoo", file, &s.zooPath, &s.zooSha256);
        const Json& hr = member(root, "", "hyper_representation");
        if (!hr.isNull())
            fileOf(hr, "hyper_representation", file, &s.hyperRepresentationPath, &s.hyperRepresentationSha256);

        const Json& p = objectAt(root, "", "projection");
        if (!ProjectionComputation::methodFromId(stringAt(p, "projection", "method"), s.projection.method))
            wrong("projection.method", "\"pca\", \"tsne\" or \"axes\"");
        const Json& axes = arrayAt(p, "projection", "axes");
        if (axes.size() != 3)
            wrong("projection.axes", "three column numbers");
        for (size_t k = 0; k < 3; ++k) {
            const int64_t a = integerOf(axes[k], "projection.axes[" + std::to_string(k) + "]");
            if (a < 0 || a > 1000000)
                wrong("projection.axes[" + std::to_string(k) + "]", "a column number (0 or more)");
            s.projection.axes[k] = int(a);
        }
        s.projection.perplexity = numberAt(p, "projection", "perplexity");
        if (s.projection.perplexity <= 0)
            wrong("projection.perplexity", "positive");
        const int64_t iterations = integerAt(p, "projection", "iterations");
        if (iterations < 1 || iterations > 1000000)
            wrong("projection.iterations", "a positive number of iterations");
        s.projection.iterations = int(iterations);
        const int64_t seed = integerAt(p, "projection", "seed");
        if (seed < 0)
            wrong("projection.seed", "0 or more");
        s.projection.seed = uint64_t(seed);

        const Json& st = objectAt(root, "", "style");
        s.style.colorBy = stringAt(st, "style", "color_by");
        if (!PointProperty::ids().contains(s.style.colorBy))
            wrong("style.color_by", "a point property (test_accuracy, epoch, activation, ...)");
        s.style.sizeBy = stringAt(st, "style", "size_by");
        if (!s.style.sizeBy.isEmpty() && (!PointProperty::ids().contains(s.style.sizeBy) || PointProperty::isCategorical(s.style.sizeBy)))
            wrong("style.size_by", "empty or a continuous point property");
        const auto map = ColorMap::fromId(stringAt(st, "style", "color_map"));
        if (!map)
            wrong("style.color_map", "\"viridis\" or \"cividis\"");
        s.style.colorMap = *map;
        s.style.colorMapReversed = booleanAt(st, "style", "color_map_reversed");
        s.style.pointSize = numberAt(st, "style", "point_size");
        if (s.style.pointSize <= 0 || s.style.pointSize > 200)
            wrong("style.point_size", "a size in pixels (above 0, at most 200)");

        const Json& view = objectAt(root, "", "view");
        const Json& camera = member(view, "view", "camera");
        if (!camera.isNull()) {
            try {
                s.camera = CameraPose::fromJson(camera);
            } catch (const std::exception& e) {
                throw FieldError("\"view.camera\": " + std::string(e.what()));
            }
        }
        const QString trajectories = stringAt(view, "view", "trajectories");
        bool known = false;
        for (TrajectoryMode m : {TrajectoryMode::None, TrajectoryMode::Selected, TrajectoryMode::All})
            if (trajectories == QLatin1String(trajectoryId(m))) {
                s.trajectories = m;
                known = true;
            }
        if (!known)
            wrong("view.trajectories", "\"none\", \"selected\" or \"all\"");
        s.isolated = pointsOf(arrayAt(view, "view", "isolated"), "view.isolated");
        if (const Json* density = view.find("density")) { // sessions written before the density have none
            try {
                s.density = DensitySettings::fromJson(*density);
            } catch (const std::exception& e) {
                throw FieldError("\"view.density\": " + std::string(e.what()));
            }
        }

        s.selection = pointsOf(arrayAt(root, "", "selection"), "selection");
        const Json& named = arrayAt(root, "", "named_selections");
        for (size_t i = 0; i < named.size(); ++i) {
            const std::string at = "named_selections[" + std::to_string(i) + "]";
            if (!named[i].isObject())
                wrong(at, "an object with \"name\" and \"points\"");
            const QString n = stringAt(named[i], at, "name");
            if (n.trimmed().isEmpty())
                wrong(at + ".name", "a name");
            for (const auto& existing : s.namedSelections)
                if (existing.first == n)
                    wrong(at + ".name", "a name used once");
            s.namedSelections.emplace_back(n, pointsOf(arrayAt(named[i], at, "points"), at + ".points"));
        }
        const Json& generated = arrayAt(root, "", "generated_sets");
        for (size_t i = 0; i < generated.size(); ++i) {
            QString path, hash;
            fileOf(generated[i], "generated_sets[" + std::to_string(i) + "]", file, &path, &hash);
            s.generatedSets << path;
            s.generatedSha256 << hash;
        }
        const Json& layout = member(root, "", "panel_layout");
        if (!layout.isString())
            wrong("panel_layout", "a string (base64)");
        const auto decoded = QByteArray::fromBase64Encoding(QByteArray::fromStdString(layout.string()), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            wrong("panel_layout", "base64 text");
        s.panelLayout = *decoded;
        try {
            s.figure = FigureOptions::fromJson(objectAt(root, "", "figure"));
        } catch (const FieldError&) {
            throw;
        } catch (const std::exception& e) {
            throw FieldError("\"figure\": " + std::string(e.what()));
        }
        // Optional: sessions written before model selection have none.
        if (const Json* prediction = root.find("model_selection"); prediction && !prediction->isNull()) {
            const Json& m = objectAt(root, "", "model_selection");
            SessionPrediction out;
            out.epoch = integerAt(m, "model_selection", "epoch");
            if (out.epoch < 0)
                wrong("model_selection.epoch", "a checkpoint epoch (0 or more)");
            try {
                out.predictor = selectionPredictorFromString(stringAt(m, "model_selection", "predictor").toStdString());
            } catch (const std::invalid_argument&) {
                wrong("model_selection.predictor", "latent, weights, stats, current or latent+current");
            }
            if ((out.predictor == SelectionPredictor::Latent || out.predictor == SelectionPredictor::LatentAndCurrent) &&
                s.hyperRepresentationPath.isEmpty())
                wrong("model_selection.predictor", "a predictor without latents (the session has no hyper-representation)");
            s.prediction = out;
        }
        if (s.style.colorBy == QLatin1String(PointProperty::kPredictedFinalAccuracy) && !s.prediction)
            wrong("style.color_by", "a property of the zoo (predicted_final_accuracy needs model_selection)");
        if (const Json* histograms = root.find("histograms")) // sessions before the Histograms panel have none
            s.histograms = histogramsOf(*histograms);
        return s;
    } catch (const FieldError& e) {
        throw std::runtime_error(tr("%1 is damaged: %2.").arg(name, QString::fromStdString(e.what())).toStdString());
    }
}

SessionState SessionFile::read(const QString& file, QStringList* changed)
{
    const QString name = QDir::toNativeSeparators(file);
    QFile f(file);
    if (!QFileInfo(file).isFile())
        throw std::runtime_error(tr("The session file %1 does not exist.").arg(name).toStdString());
    if (!f.open(QIODevice::ReadOnly))
        throw std::runtime_error(tr("Cannot read the session file %1: %2").arg(name, f.errorString()).toStdString());
    const QByteArray bytes = f.readAll();
    SessionState s = parse(bytes.toStdString(), QFileInfo(file).absoluteFilePath());

    // Every file it names must be there; a changed one is listed for the caller to decide.
    const auto check = [&](const QString& path, const QString& recorded, const QString& missing, const QString& differs) {
        if (!QFileInfo(path).isFile())
            throw std::runtime_error(missing.arg(QDir::toNativeSeparators(path)).toStdString());
        if (changed && sha256(path) != recorded)
            changed->append(differs.arg(QDir::toNativeSeparators(path)));
    };
    check(s.zooPath, s.zooSha256, tr("The session's zoo %1 is missing (moved or deleted)."),
          tr("The zoo %1 has changed since the session was saved (its content hash differs)."));
    if (!s.hyperRepresentationPath.isEmpty())
        check(s.hyperRepresentationPath, s.hyperRepresentationSha256,
              tr("The session's hyper-representation %1 is missing (moved or deleted)."),
              tr("The hyper-representation %1 has changed since the session was saved (its content hash differs)."));
    for (qsizetype i = 0; i < s.generatedSets.size(); ++i)
        check(s.generatedSets[i], s.generatedSha256.value(i),
              tr("The session's generated models %1 are missing (moved or deleted)."),
              tr("The generated models %1 have changed since the session was saved (their content hash differs)."));
    return s;
}

} // namespace zooscope
