#pragma once
// A zoo in the public layout (trial folders with params.json, result.json and checkpoints), written
// without Python: for the importer's tests and the writer fault tests.
#include "core/Json.h"
#include "zoo/ModelZoo.h"
#include "zoo/TorchStateDict.h"

#include <QDir>
#include <QString>

#include <fstream>
#include <string>

namespace zootest {

inline void writeTextFile(const QString& path, const std::string& text)
{
    std::ofstream out(path.toStdString());
    out << text;
}

// A zoo in the public layout, written without Python: the synthetic zoo's models as trial folders.
inline void writePublicZoo(const zooscope::ModelZoo& z, const QString& dir)
{
    for (int64_t m = 0; m < z.modelCount(); ++m) {
        const QString folder = dir + QStringLiteral("/trial_%1").arg(m, 3, 10, QLatin1Char('0'));
        QDir().mkpath(folder);
        const zooscope::Hyperparameters& h = z.hyperparameters[m];
        zooscope::Json p = zooscope::Json::object();
        p["model::nlin"] = zooscope::toString(h.activation);
        p["model::init_type"] = zooscope::toString(h.init);
        p["model::dropout"] = h.dropout;
        p["optim::optimizer"] = zooscope::toString(h.optimizer);
        p["optim::lr"] = h.learningRate;
        p["optim::wd"] = h.weightDecay;
        p["seed"] = zooscope::Json(static_cast<long long>(h.seed));
        p["dataset::dump"] = "/data/fmnist/dataset.pt";
        writeTextFile(folder + QStringLiteral("/params.json"), p.dump());
        std::string lines;
        for (int64_t e = 0; e <= z.epochs; ++e) {
            zooscope::Json l = zooscope::Json::object();
            l["train_loss"] = z.metricAt(z.trainLoss, m, e);
            l["train_acc"] = z.metricAt(z.trainAccuracy, m, e);
            l["val_loss"] = z.metricAt(z.validationLoss, m, e);
            l["val_acc"] = z.metricAt(z.validationAccuracy, m, e);
            l["test_loss"] = z.metricAt(z.testLoss, m, e);
            l["test_acc"] = z.metricAt(z.testAccuracy, m, e);
            l["training_iteration"] = zooscope::Json(static_cast<long long>(e + 1));
            lines += l.dump() + "\n";
        }
        writeTextFile(folder + QStringLiteral("/result.json"), lines);
        for (int64_t c = 0; c < z.checkpointCount(); ++c) {
            const QString ck = folder + QStringLiteral("/checkpoint_%1").arg(z.checkpointEpochs[c], 6, 10, QLatin1Char('0'));
            QDir().mkpath(ck);
            zooscope::TorchStateDict::write(zooscope::TorchStateDict::fromFlat(z.architecture, z.weightsAt(m, c), h.dropout > 0),
                                            (ck + QStringLiteral("/checkpoints")).toStdString());
        }
    }
}

} // namespace zootest
