#pragma once

#include "zoo/ModelZoo.h"

#include <QAbstractTableModel>

#include <memory>
#include <vector>

namespace zooscope {

// The models of a zoo as a table, one row per model checkpoint (the points of the 3D view): ids,
// epoch, population split, accuracies and every hyperparameter. Sorting uses SortRole (numbers sort as
// numbers); ModelIdRole and EpochRole give a row's stable identity.
class ZooTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        ModelId, Epoch, Split, TestAccuracy, ValidationAccuracy, TrainAccuracy, GeneralisationGap, TestLoss,
        Activation, Init, Optimizer, Dropout, LearningRate, WeightDecay, Seed, ColumnCount
    };
    enum Role { SortRole = Qt::UserRole + 1, ModelIdRole, EpochRole };

    explicit ZooTableModel(QObject* parent = nullptr);

    // rows: (model row, checkpoint index) pairs, e.g. the 3D view's points; the zoo is shared, not copied.
    void setZoo(std::shared_ptr<const ModelZoo> zoo, std::vector<int64_t> modelRows, std::vector<int64_t> checkpoints);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The hover card of a row (rich text): model id, epoch, accuracies and hyperparameters; empty when out of range.
    QString modelCard(int row) const;

private:
    QVariant value(int row, int column) const;

    std::shared_ptr<const ModelZoo> m_zoo;
    std::vector<int64_t> m_modelRows;
    std::vector<int64_t> m_checkpoints;
};

} // namespace zooscope
