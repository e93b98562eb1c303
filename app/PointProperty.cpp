#include "app/PointProperty.h"

#include "app/OpenedZoo.h"

#include <QCoreApplication>

#include <cmath>
#include <map>
#include <stdexcept>

namespace zooscope {

namespace {

struct Definition {
    const char* id;
    const char* title;
    bool categorical;
    bool derived = false; // computed by the session from an analysis, not from the zoo
};

// QT_TRANSLATE_NOOP keeps the titles in the translation; titleOf translates them.
const Definition kDefinitions[] = {
    {"test_accuracy", QT_TRANSLATE_NOOP("PointProperty", "test accuracy"), false},
    {"validation_accuracy", QT_TRANSLATE_NOOP("PointProperty", "validation accuracy"), false},
    {"train_accuracy", QT_TRANSLATE_NOOP("PointProperty", "train accuracy"), false},
    {"generalization_gap", QT_TRANSLATE_NOOP("PointProperty", "generalisation gap"), false},
    {"test_loss", QT_TRANSLATE_NOOP("PointProperty", "test loss"), false},
    {"epoch", QT_TRANSLATE_NOOP("PointProperty", "epoch"), false},
    {"seed", QT_TRANSLATE_NOOP("PointProperty", "seed"), false},
    {"model_id", QT_TRANSLATE_NOOP("PointProperty", "model id"), false},
    {"split", QT_TRANSLATE_NOOP("PointProperty", "population"), true},
    {"activation", QT_TRANSLATE_NOOP("PointProperty", "activation"), true},
    {"init", QT_TRANSLATE_NOOP("PointProperty", "initialisation"), true},
    {"optimizer", QT_TRANSLATE_NOOP("PointProperty", "optimizer"), true},
    {"dropout", QT_TRANSLATE_NOOP("PointProperty", "dropout"), false},
    {"lr", QT_TRANSLATE_NOOP("PointProperty", "learning rate (log10)"), false},
    {"weight_decay", QT_TRANSLATE_NOOP("PointProperty", "weight decay (log10)"), false},
    {"batch_size", QT_TRANSLATE_NOOP("PointProperty", "batch size"), false},
    {PointProperty::kPredictedFinalAccuracy, QT_TRANSLATE_NOOP("PointProperty", "predicted final accuracy"), false, true},
};

const Definition* find(const QString& id)
{
    for (const Definition& d : kDefinitions)
        if (id == QLatin1String(d.id))
            return &d;
    return nullptr;
}

double log10OrNan(double v) { return v > 0 ? std::log10(v) : std::nan(""); }

} // namespace

QStringList PointProperty::ids()
{
    QStringList out;
    for (const Definition& d : kDefinitions)
        out << QString::fromLatin1(d.id);
    return out;
}

QString PointProperty::titleOf(const QString& id)
{
    const Definition* d = find(id);
    return d ? QCoreApplication::translate("PointProperty", d->title) : id;
}

bool PointProperty::isCategorical(const QString& id)
{
    const Definition* d = find(id);
    return d && d->categorical;
}

bool PointProperty::isDerived(const QString& id)
{
    const Definition* d = find(id);
    return d && d->derived;
}

PointProperty PointProperty::compute(const OpenedZoo& opened, const QString& id)
{
    const Definition* d = find(id);
    if (!d)
        throw std::invalid_argument("unknown point property: " + id.toStdString());
    if (d->derived)
        throw std::invalid_argument(QCoreApplication::translate("PointProperty", "%1 is not in the zoo: it comes from an analysis (run it first).")
                                        .arg(titleOf(id))
                                        .toStdString());
    PointProperty p;
    p.id = id;
    p.title = titleOf(id);
    p.categorical = d->categorical;
    p.logScale = id == QLatin1String("lr") || id == QLatin1String("weight_decay");
    const ModelZoo& zoo = opened.zoo;
    const int64_t n = opened.pointCount();
    p.values.resize(static_cast<size_t>(n));
    // Categories in the order of their names' first appearance would change with the zoo; the enum
    // order (and train/val/test) is stable. Only categories present are listed.
    std::map<int, QString> present;
    for (int64_t i = 0; i < n; ++i) {
        const int64_t m = opened.pointModelRows[static_cast<size_t>(i)];
        const int64_t epoch = zoo.checkpointEpochs[static_cast<size_t>(opened.pointCheckpoints[static_cast<size_t>(i)])];
        const Hyperparameters& h = zoo.hyperparameters[static_cast<size_t>(m)];
        double v = std::nan("");
        int category = -1;
        QString name;
        if (id == QLatin1String("test_accuracy"))
            v = zoo.metricAt(zoo.testAccuracy, m, epoch);
        else if (id == QLatin1String("validation_accuracy"))
            v = zoo.metricAt(zoo.validationAccuracy, m, epoch);
        else if (id == QLatin1String("train_accuracy"))
            v = zoo.metricAt(zoo.trainAccuracy, m, epoch);
        else if (id == QLatin1String("generalization_gap"))
            v = static_cast<double>(zoo.metricAt(zoo.trainAccuracy, m, epoch)) - zoo.metricAt(zoo.testAccuracy, m, epoch);
        else if (id == QLatin1String("test_loss"))
            v = zoo.metricAt(zoo.testLoss, m, epoch);
        else if (id == QLatin1String("epoch"))
            v = static_cast<double>(epoch);
        else if (id == QLatin1String("seed"))
            v = static_cast<double>(h.seed);
        else if (id == QLatin1String("model_id"))
            v = static_cast<double>(zoo.modelIds[static_cast<size_t>(m)]);
        else if (id == QLatin1String("dropout"))
            v = h.dropout;
        else if (id == QLatin1String("lr"))
            v = log10OrNan(h.learningRate);
        else if (id == QLatin1String("weight_decay"))
            v = log10OrNan(h.weightDecay);
        else if (id == QLatin1String("batch_size"))
            v = static_cast<double>(h.batchSize);
        else if (id == QLatin1String("split")) {
            category = zoo.split.empty() ? 0 : static_cast<int>(zoo.split[static_cast<size_t>(m)]);
            name = zoo.split.empty() ? QStringLiteral("train") : QString::fromStdString(toString(zoo.split[static_cast<size_t>(m)]));
        } else if (id == QLatin1String("activation")) {
            category = static_cast<int>(h.activation);
            name = QString::fromStdString(toString(h.activation));
        } else if (id == QLatin1String("init")) {
            category = static_cast<int>(h.init);
            name = QString::fromStdString(toString(h.init));
        } else if (id == QLatin1String("optimizer")) {
            category = static_cast<int>(h.optimizer);
            name = QString::fromStdString(toString(h.optimizer));
        }
        if (p.categorical) {
            present.emplace(category, name);
            v = category;
        }
        p.values[static_cast<size_t>(i)] = v;
    }
    if (p.categorical) {
        // Enum values -> 0..k-1 over the categories present.
        std::map<int, int> index;
        for (const auto& [value, name] : present) {
            index.emplace(value, static_cast<int>(index.size()));
            p.categories << name;
        }
        for (double& v : p.values)
            v = index[static_cast<int>(v)];
    }
    return p;
}

} // namespace zooscope
