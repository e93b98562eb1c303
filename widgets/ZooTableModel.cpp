#include "widgets/ZooTableModel.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace zooscope {

ZooTableModel::ZooTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ZooTableModel::setZoo(std::shared_ptr<const ModelZoo> zoo, std::vector<int64_t> modelRows,
                           std::vector<int64_t> checkpoints)
{
    beginResetModel();
    m_zoo = std::move(zoo);
    m_modelRows = std::move(modelRows);
    m_checkpoints = std::move(checkpoints);
    endResetModel();
}

void ZooTableModel::clear() { setZoo(nullptr, {}, {}); }

int ZooTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_zoo ? 0 : static_cast<int>(m_modelRows.size());
}

int ZooTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ZooTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ModelId: return tr("Model");
    case Epoch: return tr("Epoch");
    case Split: return tr("Split");
    case TestAccuracy: return tr("Test acc.");
    case ValidationAccuracy: return tr("Val. acc.");
    case TrainAccuracy: return tr("Train acc.");
    case GeneralisationGap: return tr("Gap");
    case TestLoss: return tr("Test loss");
    case Activation: return tr("Activation");
    case Init: return tr("Init");
    case Optimizer: return tr("Optimizer");
    case Dropout: return tr("Dropout");
    case LearningRate: return tr("LR");
    case WeightDecay: return tr("Weight decay");
    case Seed: return tr("Seed");
    default: return {};
    }
}

QVariant ZooTableModel::value(int row, int column) const
{
    const ModelZoo& z = *m_zoo;
    const int64_t m = m_modelRows[row];
    const int64_t epoch = z.checkpointEpochs[m_checkpoints[row]];
    const Hyperparameters& h = z.hyperparameters[m];
    auto metric = [&](const std::vector<float>& v) -> QVariant {
        const float x = z.metricAt(v, m, epoch);
        return std::isnan(x) ? QVariant() : QVariant(double(x));
    };
    switch (column) {
    case ModelId: return qlonglong(z.modelIds[m]);
    case Epoch: return qlonglong(epoch);
    case Split: return QString::fromStdString(toString(z.split[m]));
    case TestAccuracy: return metric(z.testAccuracy);
    case ValidationAccuracy: return metric(z.validationAccuracy);
    case TrainAccuracy: return metric(z.trainAccuracy);
    case GeneralisationGap: {
        const float a = z.metricAt(z.trainAccuracy, m, epoch), b = z.metricAt(z.testAccuracy, m, epoch);
        return std::isnan(a) || std::isnan(b) ? QVariant() : QVariant(double(a - b));
    }
    case TestLoss: return metric(z.testLoss);
    case Activation: return QString::fromStdString(toString(h.activation));
    case Init: return QString::fromStdString(toString(h.init));
    case Optimizer: return QString::fromStdString(toString(h.optimizer));
    case Dropout: return h.dropout;
    case LearningRate: return h.learningRate;
    case WeightDecay: return h.weightDecay;
    case Seed: return qulonglong(h.seed);
    default: return {};
    }
}

QVariant ZooTableModel::data(const QModelIndex& index, int role) const
{
    if (!m_zoo || !index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const int row = index.row();
    switch (role) {
    case SortRole:
        return value(row, index.column());
    case ModelIdRole:
        return qlonglong(m_zoo->modelIds[m_modelRows[row]]);
    case EpochRole:
        return qlonglong(m_zoo->checkpointEpochs[m_checkpoints[row]]);
    case Qt::TextAlignmentRole: {
        const QVariant v = value(row, index.column());
        return v.typeId() == QMetaType::QString ? int(Qt::AlignLeft | Qt::AlignVCenter) : int(Qt::AlignRight | Qt::AlignVCenter);
    }
    case Qt::DisplayRole: {
        const QVariant v = value(row, index.column());
        switch (index.column()) {
        case TestAccuracy:
        case ValidationAccuracy:
        case TrainAccuracy:
        case GeneralisationGap:
            return v.isValid() ? QString::number(100.0 * v.toDouble(), 'f', 1) + QLatin1Char('%') : QStringLiteral("–");
        case TestLoss:
            return v.isValid() ? QString::number(v.toDouble(), 'f', 3) : QStringLiteral("–");
        case LearningRate:
        case WeightDecay:
            return QString::number(v.toDouble(), 'g', 3);
        default:
            return v;
        }
    }
    default:
        return {};
    }
}

QString ZooTableModel::modelCard(int row) const
{
    if (!m_zoo || row < 0 || row >= rowCount())
        return {};
    auto text = [&](int column) { return data(index(row, column), Qt::DisplayRole).toString().toHtmlEscaped(); };
    QString card = tr("<b>Model %1</b>, epoch %2 <span style='color:#666'>(%3)</span>")
                       .arg(text(ModelId), text(Epoch), text(Split));
    card += tr("<br>Test accuracy %1 &middot; validation %2 &middot; train %3")
                .arg(text(TestAccuracy), text(ValidationAccuracy), text(TrainAccuracy));
    card += tr("<br>%1, %2 init, %3").arg(text(Activation), text(Init), text(Optimizer));
    card += tr("<br>lr %1 &middot; weight decay %2 &middot; dropout %3 &middot; seed %4")
                .arg(text(LearningRate), text(WeightDecay), text(Dropout), text(Seed));
    return card;
}

} // namespace zooscope
