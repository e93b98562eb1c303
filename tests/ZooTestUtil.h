#pragma once
// Helpers shared by the zoo tests: a small synthetic zoo and Debian's Python (with torch, h5py, numpy).
#include "zoo/ModelZoo.h"

#include <QProcess>
#include <QString>
#include <QStringList>

#include <cmath>
#include <random>

namespace zootest {

// Debian's interpreter: the `python3` first on PATH may be another one without python3-torch/h5py.
inline QString debianPython() { return QStringLiteral("/usr/bin/python3"); }

struct ProcessResult {
    int exitCode = -1;
    QString out, err;
};

inline ProcessResult runProcess(const QString& program, const QStringList& args, int timeoutMs = 300000)
{
    QProcess p;
    p.start(program, args);
    ProcessResult r;
    if (!p.waitForStarted(30000)) {
        r.err = QStringLiteral("could not start ") + program;
        return r;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

inline ProcessResult runPython(const QString& script, const QStringList& args = {})
{
    return runProcess(debianPython(), QStringList{QStringLiteral("-c"), script} + args);
}

// A CNN-s zoo of `models` models with ids 100, 103, 106, ..., varied hyperparameters, `epochs` epochs,
// checkpoints {0, 1, ..., } (first `checkpoints` of 0,1,2,4,8,...), deterministic pseudo-random weights.
inline zooscope::ModelZoo syntheticZoo(int models = 7, int epochs = 4, std::vector<int64_t> checkpoints = {0, 2, 4},
                                       uint64_t seed = 1)
{
    using namespace zooscope;
    ModelZoo z;
    z.architecture = Architecture::cnnSmall(1);
    z.datasetId = "fashion-mnist";
    z.epochs = epochs;
    z.checkpointEpochs = checkpoints;
    z.createdBy = "zooscope-cli zoo create --test \"quoted\" ünïcode";
    z.createdWithVersion = "0.1.0";
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal(0.0f, 0.5f);
    const Activation acts[] = {Activation::Tanh, Activation::ReLU, Activation::Sigmoid, Activation::GELU};
    const Init inits[] = {Init::Uniform, Init::Normal, Init::KaimingUniform, Init::KaimingNormal};
    for (int i = 0; i < models; ++i) {
        z.modelIds.push_back(100 + 3 * i);
        Hyperparameters h;
        h.activation = acts[i % 4];
        h.init = inits[(i / 2) % 4];
        h.dropout = (i % 3 == 0) ? 0.5 : 0.0;
        h.optimizer = i % 2 ? Optimizer::SGD : Optimizer::Adam;
        h.learningRate = i % 2 ? 1e-3 : 1e-4;
        h.weightDecay = i % 4 < 2 ? 1e-3 : 1e-4;
        h.seed = 1000 + static_cast<uint64_t>(i);
        h.batchSize = 10;
        z.hyperparameters.push_back(h);
        z.modelSources.push_back("trial_" + std::to_string(i));
    }
    z.weights.resize(static_cast<size_t>(models) * checkpoints.size() * 2464);
    for (auto& w : z.weights)
        w = normal(rng);
    const size_t perMetric = static_cast<size_t>(models) * static_cast<size_t>(epochs + 1);
    for (auto* v : {&z.trainLoss, &z.trainAccuracy, &z.validationLoss, &z.validationAccuracy, &z.testLoss, &z.testAccuracy}) {
        v->resize(perMetric);
        for (auto& x : *v)
            x = std::uniform_real_distribution<float>(0.0f, 1.0f)(rng);
    }
    if (z.testLoss.size() > 1)
        z.testLoss[1] = std::nanf(""); // not measured
    assignPopulationSplit(z, 42);
    return z;
}

} // namespace zootest
