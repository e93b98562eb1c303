// The behavioural reconstruction term: the differentiable forward of the zoo's CNNs matches the population
// kernels (BatchedEvaluator) on real zoo models, the term is zero exactly for identical weights, its
// gradient reaches the decoder, the trainer and `zooscope-cli ae train` carry its options.
// LibTorch before Qt: Qt's `slots` macro would break LibTorch's headers.
#include "hyperrep/DifferentiableForward.h"
#include "hyperrep/HyperRepresentationModule.h"

#include "AutoencoderTestUtil.h"
#include "ZooTestUtil.h"
#include "hyperrep/HyperRepresentation.h"
#include "hyperrep/HyperRepresentationTrainer.h"
#include "training/BatchedEvaluator.h"
#include "zoo/DatasetLoader.h"
#include "zoo/ZooFile.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <numeric>
#include <random>

using namespace zooscope;

namespace {

const QString kDefaultZoo = QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.zoo.h5");

zootest::ProcessResult cli(const QStringList& args)
{
    return zootest::runProcess(QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope-cli"), args);
}

torch::Tensor imagesOf(const DatasetSplit& split, int64_t count)
{
    return torch::from_blob(const_cast<float*>(split.images.data()), {count, split.channels, split.height, split.width}, torch::kFloat32)
        .clone();
}

DatasetSplit firstImages(const DatasetSplit& split, int64_t count)
{
    std::vector<int64_t> rows(static_cast<size_t>(count));
    std::iota(rows.begin(), rows.end(), 0);
    return DatasetLoader::subset(split, rows);
}

// Mean NLL and accuracy per model from logits [models, images, classes], as the evaluator computes them.
void scoresOf(const torch::Tensor& logits, const std::vector<int64_t>& labels, std::vector<double>& loss, std::vector<double>& accuracy)
{
    const torch::Tensor y = torch::tensor(labels, torch::kLong);
    const torch::Tensor logp = torch::log_softmax(logits.to(torch::kFloat64), 2);
    const int64_t M = logits.size(0);
    loss.clear();
    accuracy.clear();
    for (int64_t m = 0; m < M; ++m) {
        loss.push_back(torch::nll_loss(logp[m], y).item<double>());
        accuracy.push_back(logp[m].argmax(1).eq(y).to(torch::kFloat64).mean().item<double>());
    }
}

// A random split of `count` images for an architecture, labels uniform.
DatasetSplit randomSplit(const Architecture& arch, int64_t count, uint64_t seed)
{
    DatasetSplit s;
    s.count = count;
    s.channels = arch.inputChannels;
    s.height = s.width = arch.inputSize;
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    s.images.resize(static_cast<size_t>(count * s.imageSize()));
    for (float& v : s.images)
        v = normal(rng);
    for (int64_t i = 0; i < count; ++i)
        s.labels.push_back(static_cast<int64_t>(rng() % 10));
    return s;
}

} // namespace

class TestBehaviourTerm : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

    // Runs the differentiable forward and the population kernels on the same models and images and
    // compares per-model mean NLL (to 1e-5) and accuracy (exactly), and per-image NLL on a few single images.
    void compareWithEvaluator(const Architecture& arch, const std::vector<float>& weights, const std::vector<Activation>& acts,
                              const DatasetSplit& split)
    {
        const int64_t P = arch.parameterCount(), M = static_cast<int64_t>(acts.size());
        const zooscope::detail::DifferentiableForward forward(arch);
        const torch::Tensor w = torch::from_blob(const_cast<float*>(weights.data()), {M, P}, torch::kFloat32).clone();
        const torch::Tensor logits = forward.logits(w, acts, imagesOf(split, split.count));
        QCOMPARE(logits.sizes().vec(), (std::vector<int64_t>{M, split.count, arch.classes}));
        std::vector<double> loss, accuracy;
        scoresOf(logits, split.labels, loss, accuracy);
        const EvaluationResult e = BatchedEvaluator(arch, 1).evaluate(weights, acts, split);
        for (int64_t m = 0; m < M; ++m) {
            QVERIFY2(std::abs(loss[size_t(m)] - e.loss[size_t(m)]) <= 1e-5 * std::max(1.0, std::abs(e.loss[size_t(m)])),
                     qPrintable(QString("model %1 (%2): NLL %3 vs evaluator %4")
                                    .arg(m)
                                    .arg(QString::fromStdString(toString(acts[size_t(m)])))
                                    .arg(loss[size_t(m)], 0, 'g', 10)
                                    .arg(e.loss[size_t(m)], 0, 'g', 10)));
            QCOMPARE(accuracy[size_t(m)], e.accuracy[size_t(m)]);
        }
        // Single images: the NLL of one image is its logits' log-sum-exp minus the label's logit.
        for (int64_t i = 0; i < 6; ++i) {
            const DatasetSplit one = DatasetLoader::subset(split, {i});
            const EvaluationResult e1 = BatchedEvaluator(arch, 1).evaluate(weights, acts, one);
            for (int64_t m = 0; m < M; ++m) {
                const double nll = -torch::log_softmax(logits[m][i].to(torch::kFloat64), 0)[split.labels[size_t(i)]].item<double>();
                // float32 rounding grows with the logits' magnitude (an untrained U(0,1) model's reach 1e5):
                // 1e-5 relative to the larger of the NLL and the image's largest |logit|.
                const double scale = std::max({1.0, std::abs(nll), logits[m][i].abs().max().item<double>()});
                QVERIFY2(std::abs(nll - e1.loss[size_t(m)]) <= 1e-5 * scale,
                         qPrintable(QString("model %1 image %2: %3 vs %4").arg(m).arg(i).arg(nll, 0, 'g', 10).arg(e1.loss[size_t(m)], 0, 'g', 10)));
            }
        }
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(kDefaultZoo), "the default zoo is part of the repository");
        QVERIFY2(QFile::exists("/usr/share/datasets/fashion-mnist"), "Fashion-MNIST (dataset-fashion-mnist) is a build dependency");
    }

    void forwardMatchesEvaluatorOnTheDefaultZoo()
    {
        const ModelZoo zoo = ZooFile::read(kDefaultZoo.toStdString());
        const Dataset data = DatasetLoader::fashionMnist();
        const DatasetSplit split = firstImages(data.test, 300);
        // Models of every activation in the zoo, at the first and last checkpoints, in mixed order.
        std::vector<float> weights;
        std::vector<Activation> acts;
        const int64_t P = zoo.parameterCount();
        std::map<Activation, int> perActivation;
        for (int64_t m = 0; m < zoo.modelCount() && acts.size() < 24; ++m) {
            const Activation a = zoo.hyperparameters[size_t(m)].activation;
            if (perActivation[a] >= 6)
                continue;
            for (int64_t c : {int64_t(0), zoo.checkpointCount() - 1}) {
                if (!zoo.hasWeights(m, c))
                    continue;
                weights.insert(weights.end(), zoo.weightsAt(m, c), zoo.weightsAt(m, c) + P);
                acts.push_back(a);
                ++perActivation[a];
            }
        }
        QVERIFY2(perActivation.size() >= 2, "the default zoo has models of several activations");
        compareWithEvaluator(zoo.architecture, weights, acts, split);
    }

    void forwardMatchesEvaluatorOnCnn3AndEveryActivation()
    {
        for (int64_t channels : {int64_t(3), int64_t(1)}) {
            const Architecture arch = Architecture::cnn3(channels);
            const int64_t P = arch.parameterCount();
            std::mt19937_64 rng(11 + uint64_t(channels));
            std::normal_distribution<float> normal(0.0f, 0.15f);
            const std::vector<Activation> acts{Activation::GELU, Activation::Tanh, Activation::ReLU, Activation::Sigmoid,
                                               Activation::ReLU, Activation::GELU, Activation::Tanh, Activation::Sigmoid};
            std::vector<float> weights(acts.size() * size_t(P));
            for (float& v : weights)
                v = normal(rng);
            compareWithEvaluator(arch, weights, acts, randomSplit(arch, 64, 5));
        }
    }

    void badShapesAreRefused()
    {
        const zooscope::detail::DifferentiableForward forward(Architecture::cnnSmall(1));
        const int64_t P = Architecture::cnnSmall(1).parameterCount();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, forward.logits(torch::zeros({2, P + 1}), {Activation::Tanh, Activation::Tanh}, torch::zeros({1, 1, 28, 28})));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, forward.logits(torch::zeros({2, P}), {Activation::Tanh}, torch::zeros({1, 1, 28, 28})));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, forward.logits(torch::zeros({2, P}), {Activation::Tanh, Activation::ReLU}, torch::zeros({1, 3, 28, 28})));
    }

    void termIsZeroForIdenticalWeightsAndPositiveOtherwise()
    {
        const ModelZoo zoo = ZooFile::read(kDefaultZoo.toStdString());
        const Dataset data = DatasetLoader::fashionMnist();
        const torch::Tensor images = imagesOf(data.train, 64);
        const int64_t P = zoo.parameterCount(), M = 6;
        std::vector<Activation> acts;
        std::vector<float> weights;
        for (int64_t m = 0; m < M; ++m) {
            weights.insert(weights.end(), zoo.weightsAt(m, zoo.checkpointCount() - 1), zoo.weightsAt(m, zoo.checkpointCount() - 1) + P);
            acts.push_back(zoo.hyperparameters[size_t(m)].activation);
        }
        const zooscope::detail::DifferentiableForward forward(zoo.architecture);
        const torch::Tensor w = torch::from_blob(weights.data(), {M, P}, torch::kFloat32).clone();
        const torch::Tensor reference = forward.logits(w, acts, images);
        QCOMPARE(zooscope::detail::DifferentiableForward::behaviourLoss(forward.logits(w.clone(), acts, images), reference).item<double>(), 0.0);
        // A small perturbation of the weights is seen; so is one of a single weight.
        const double noisy = zooscope::detail::DifferentiableForward::behaviourLoss(forward.logits(w + 0.01 * torch::randn_like(w), acts, images), reference).item<double>();
        QVERIFY2(noisy > 0, qPrintable(QString::number(noisy)));
        torch::Tensor one = w.clone();
        one[0][zoo.architecture.layers.back().biasOffset()] += 0.1f; // an output bias: that logit moves by 0.1 on every image
        const double single = zooscope::detail::DifferentiableForward::behaviourLoss(forward.logits(one, acts, images), reference).item<double>();
        // Model 0's term: log1p of N * 0.1^2 over the spread of its logits; the others' 0; mean over M.
        const double spread = (reference[0] - reference[0].mean()).pow(2).sum().item<double>();
        const double expected = std::log1p(64 * 0.01 / spread) / double(M);
        QVERIFY2(std::abs(single - expected) < 1e-4 * expected, qPrintable(QString("%1 vs %2").arg(single, 0, 'g', 10).arg(expected, 0, 'g', 10)));
    }

    void gradientReachesTheDecoderAndLowersTheTerm()
    {
        const ModelZoo zoo = ZooFile::read(kDefaultZoo.toStdString());
        const Dataset data = DatasetLoader::fashionMnist();
        const torch::Tensor images = imagesOf(data.train, 32);
        const int64_t P = zoo.parameterCount(), M = 8;
        std::vector<const float*> samples;
        std::vector<Activation> acts;
        for (int64_t m = 0; m < M; ++m) {
            samples.push_back(zoo.weightsAt(m, zoo.checkpointCount() - 1));
            acts.push_back(zoo.hyperparameters[size_t(m)].activation);
        }
        std::vector<float> flat;
        for (const float* s : samples)
            flat.insert(flat.end(), s, s + P);
        HyperRepresentationConfig config = aetest::smallConfig(16);
        config.dropout = 0;
        HyperRepresentation hr(zoo.architecture, config, LayerNormalisation::fromSamples(zoo.architecture, samples));
        zooscope::detail::AutoencoderImpl& module = *hr.impl().module;
        module.train();
        const zooscope::detail::DifferentiableForward forward(zoo.architecture);
        const torch::Tensor target = torch::from_blob(flat.data(), {M, P}, torch::kFloat32).clone();
        const torch::Tensor targetLogits = forward.logits(target, acts, images).detach();
        const auto term = [&]() {
            const torch::Tensor decoded = module.denormalise(module.decodeNormalised(module.encodeNormalised(module.normalise(target))));
            return zooscope::detail::DifferentiableForward::behaviourLoss(forward.logits(decoded, acts, images), targetLogits);
        };
        std::vector<std::pair<std::string, torch::Tensor>> decoderBefore;
        for (const auto& p : module.named_parameters())
            if (p.key().find("decoder") != std::string::npos || p.key().find("deembed") != std::string::npos ||
                p.key().find("from_latent") != std::string::npos)
                decoderBefore.emplace_back(p.key(), p.value().detach().clone());
        QVERIFY2(!decoderBefore.empty(), "the module names its decoder parameters");
        torch::optim::Adam optimizer(module.parameters(), torch::optim::AdamOptions(1e-3));
        double first = 0, last = 0;
        for (int step = 0; step < 30; ++step) {
            optimizer.zero_grad();
            const torch::Tensor loss = term();
            if (step == 0)
                first = loss.item<double>();
            loss.backward();
            optimizer.step();
        }
        {
            torch::NoGradGuard noGrad;
            last = term().item<double>();
        }
        QVERIFY2(first > 0 && last < 0.8 * first, qPrintable(QString("term %1 -> %2").arg(first).arg(last)));
        int changed = 0;
        const auto now = module.named_parameters();
        for (const auto& [key, before] : decoderBefore)
            changed += !torch::equal(now[key], before);
        QVERIFY2(changed == int(decoderBefore.size()), qPrintable(QString("%1 of %2 decoder tensors changed").arg(changed).arg(decoderBefore.size())));
    }

    void trainerCarriesTheTermAndRecordsIt()
    {
        ModelZoo zoo = aetest::structuredZoo(24, {0, 1});
        const HyperRepresentationConfig config = aetest::smallConfig(8);
        HyperRepresentationTrainingOptions options;
        options.epochs = 2;
        options.batchSize = 8;
        options.behaviourWeight = 0.5;
        options.behaviourImages = 16;
        // Without images the term cannot run: a clear error, no crash.
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, HyperRepresentationTrainer(config, options).train(zoo));
        options.behaviourData = std::make_shared<const DatasetSplit>(randomSplit(zoo.architecture, 40, 3));
        std::vector<double> seen;
        options.onStep = [&seen](const HyperRepresentationProgress& p) { seen.push_back(p.behaviourLoss); };
        const HyperRepresentationTrainingResult result = HyperRepresentationTrainer(config, options).train(zoo);
        QVERIFY(result.completed && result.model);
        QVERIFY(!seen.empty());
        for (double b : seen)
            QVERIFY2(std::isfinite(b) && b > 0, qPrintable(QString::number(b)));
        for (const TrainingRecord& r : result.model->history())
            QVERIFY(std::isfinite(r.behaviourLoss) && r.behaviourLoss > 0);
        const Json& recorded = result.model->trainingInfo().at("options");
        QCOMPARE(recorded.at("behaviour_weight").number(), 0.5);
        QCOMPARE(recorded.at("behaviour_images").integer(), int64_t(16));
        // Saved and read back, the history keeps it.
        const std::string path = m_tmp.filePath("b.hr").toStdString();
        result.model->save(path);
        const HyperRepresentation back = HyperRepresentation::load(path);
        QCOMPARE(back.history().back().behaviourLoss, result.model->history().back().behaviourLoss);

        // Off: NaN in the progress and the history.
        options.behaviourWeight = 0;
        seen.clear();
        const HyperRepresentationTrainingResult off = HyperRepresentationTrainer(config, options).train(zoo);
        QVERIFY(!seen.empty() && std::isnan(seen.back()));
        QVERIFY(std::isnan(off.model->history().back().behaviourLoss));

        // From epoch 2: off (NaN) in the first epoch, on in the second; recorded; a start after the last
        // epoch is refused rather than silently never run.
        options.behaviourWeight = 0.5;
        options.behaviourStartEpoch = 2;
        const HyperRepresentationTrainingResult late = HyperRepresentationTrainer(config, options).train(zoo);
        QCOMPARE(late.model->history().size(), size_t(2));
        QVERIFY(std::isnan(late.model->history()[0].behaviourLoss));
        QVERIFY(std::isfinite(late.model->history()[1].behaviourLoss) && late.model->history()[1].behaviourLoss > 0);
        QCOMPARE(late.model->trainingInfo().at("options").at("behaviour_start_epoch").integer(), int64_t(2));
        options.behaviourStartEpoch = 3;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, HyperRepresentationTrainer(config, options).train(zoo));
        options.behaviourStartEpoch = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, HyperRepresentationTrainer(config, options).train(zoo));
        options.behaviourStartEpoch = 1;
        // Images of another shape are refused.
        options.behaviourWeight = 1;
        options.behaviourData = std::make_shared<const DatasetSplit>(randomSplit(Architecture::cnn3(3), 8, 3));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, HyperRepresentationTrainer(config, options).train(zoo));
    }

    void cliOptionsAreValidated()
    {
        const QString zooPath = m_tmp.filePath("zoo.h5");
        ModelZoo zoo = aetest::structuredZoo(24, {0, 1});
        zoo.datasetId = "synthetic";
        ZooFile::write(zoo, zooPath.toStdString());
        const QStringList base{"ae", "train", "--zoo", zooPath, "--out", m_tmp.filePath("x.hr"), "--epochs", "1", "--threads", "1"};
        for (const QStringList& bad : {QStringList{"--behaviour-weight", "-1"}, QStringList{"--behaviour-weight", "nan"},
                                       QStringList{"--behaviour-weight", "abc"}, QStringList{"--behaviour-images", "0"},
                                       QStringList{"--behaviour-images", "2.5"}, QStringList{"--behaviour-start", "0"},
                                       QStringList{"--behaviour-start", "x"},
                                       QStringList{"--behaviour-weight", "1", "--behaviour-start", "2"}, // after the last epoch
                                       // a zoo of an unknown dataset without --data: its images cannot be found
                                       QStringList{"--behaviour-weight", "1"}}) {
            const auto r = cli(base + bad);
            QVERIFY2(r.exitCode == 2, qPrintable(bad.join(' ') + ": exit " + QString::number(r.exitCode) + " " + r.err));
            QVERIFY2(r.err.contains("behaviour") || r.err.contains("--data"), qPrintable(r.err));
        }
        const auto help = cli({"ae", "train", "--help"});
        QVERIFY2(help.out.contains("--behaviour-weight") && help.out.contains("--behaviour-images"), qPrintable(help.out + help.err));
    }

    void cliTrainsWithTheTermOnFashionMnist()
    {
        const QString zooPath = m_tmp.filePath("fm.h5");
        ModelZoo zoo = aetest::structuredZoo(24, {0, 1});
        zoo.datasetId = "fashion-mnist";
        ZooFile::write(zoo, zooPath.toStdString());
        const QString out = m_tmp.filePath("fm.hr");
        const auto r = cli({"ae", "train", "--zoo", zooPath, "--out", out, "--epochs", "1", "--batch", "8", "--threads", "1", "--latent", "8",
                            "--d-model", "32", "--blocks", "1", "--heads", "2", "--ff", "64", "--projection", "8", "--behaviour-weight", "0.2",
                            "--behaviour-images", "8"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("behaviour "), qPrintable(r.err));
        const HyperRepresentation h = HyperRepresentation::load(out.toStdString());
        QCOMPARE(h.trainingInfo().at("options").at("behaviour_weight").number(), 0.2);
        QCOMPARE(h.trainingInfo().at("options").at("behaviour_images").integer(), int64_t(8));
        QVERIFY(std::isfinite(h.history().back().behaviourLoss));
    }
};

QTEST_GUILESS_MAIN(TestBehaviourTerm)
#include "tst_behaviourterm.moc"
