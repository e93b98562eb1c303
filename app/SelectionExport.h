// The selected points of the explorer (model checkpoints) as files for work outside ZooScope: a table
// (CSV) and a document (JSON) with each point's model id, epoch, every point property, its latent and its
// projected coordinates; a zoo subset (HDF5 that opens in ZooScope); PyTorch state dicts. No dialogs:
// the main window asks where, this class writes, every file through AtomicFile.
#pragma once

#include "core/Json.h"
#include "zoo/ModelZoo.h"
#include "zoo/ZooExporter.h"
#include "zoo/ZooSubset.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace zooscope {

class ExplorerSession;
struct OpenedZoo;
struct ProjectionResult;

class SelectionExport {
    Q_DECLARE_TR_FUNCTIONS(zooscope::SelectionExport)
public:
    enum class Format { Csv, Json, Zoo, StateDicts };

    // `rows`: points of `zoo` (OpenedZoo's order, the selection's rows). `latents`: [points, latentDim] of
    // every point, or empty; `projection`: the projection on show (its xyz for every point), or null. Only
    // the selected rows' data are kept; `zoo` must outlive this object. Throws std::invalid_argument for
    // no rows or a row out of range.
    SelectionExport(const OpenedZoo& zoo, std::vector<int> rows, const std::vector<float>& latents, int64_t latentDim,
                    const ProjectionResult* projection);
    // The session's zoo, selection, latents and projection. Throws std::invalid_argument without a zoo or
    // with nothing selected.
    static SelectionExport fromSession(ExplorerSession& session);

    // By the file's suffix: .csv, .json, .h5 / .hdf5 (a zoo); none otherwise (state dicts go to a folder).
    static std::optional<Format> formatOf(const QString& path);
    // The format of a name: csv, json, zoo or state-dicts; none for another name.
    static std::optional<Format> formatNamed(const QString& name);

    int pointCount() const { return int(m_rows.size()); }
    // Property columns: every PointProperty id but model_id and epoch (they come first); properties on a
    // log scale are written as log10_<id>.
    QStringList propertyColumns() const;
    // The CSV's columns: model_id, epoch, the property columns, latent_1..latent_d (with latents),
    // projected_x, projected_y, projected_z (with a projection). Categorical properties by name; values
    // not measured are empty.
    QStringList csvColumns() const;
    std::string csv() const;
    // {"format": "zooscope-selection", "version": 1, "zoo", "latent_dimension", "projection",
    //  "points": [{"model_id", "epoch", "properties": {...}, "latent": [...], "projected": [x, y, z]}]}.
    Json json() const;
    // The selected models, each with the selected checkpoints (ZooSubset).
    std::vector<ZooSubset::Checkpoint> checkpoints() const;
    ModelZoo subsetZoo() const;

    // Each throws std::runtime_error with a message for the user; the target is then untouched.
    void write(Format format, const QString& path) const;
    void writeCsv(const QString& file) const;
    void writeJson(const QString& file) const;
    void writeZoo(const QString& file) const;
    // DIR/epoch-<E>/<id>.pt and <id>.json for each selected epoch E (ZooExporter), DIR created.
    std::vector<ExportedModel> writeStateDicts(const QString& dir) const;

private:
    struct Column {
        QString name;
        bool categorical = false;
        QStringList categories;
        std::vector<double> values; // [selected points]
    };

    const OpenedZoo* m_zoo;
    std::vector<int> m_rows;
    std::vector<int64_t> m_modelIds, m_epochs; // [selected points]
    std::vector<Column> m_properties;
    std::vector<float> m_latents; // [selected points, m_latentDim]
    int64_t m_latentDim = 0;
    std::vector<float> m_projected; // [selected points, 3]; empty without a projection
    QString m_projectionMethod;
    std::vector<double> m_explainedVariance;
};

} // namespace zooscope
