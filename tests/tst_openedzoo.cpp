// Opening a zoo for the window: one point per checkpoint with weights in model-major order, the first
// frame is the PCA of the flat weights (core/analysis/PcaProjection, fitted once) whose map also places
// new points, and the latents come in the points' order.
#include "analysis/PcaProjection.h"
#include "app/OpenedZoo.h"
#include "app/ProjectionComputation.h"
#include "hyperrep/HyperRepresentation.h"

#include <QtTest>

#include <cmath>
#include <memory>

namespace {
const QString kZoo = QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.zoo.h5");
const char* const kHyperRepresentation = ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.hr";
} // namespace

class TestOpenedZoo : public QObject {
    Q_OBJECT
    std::unique_ptr<zooscope::OpenedZoo> m_zoo;

private slots:
    void initTestCase() { m_zoo = std::make_unique<zooscope::OpenedZoo>(zooscope::OpenedZoo::load(kZoo)); }

    void pointsAreTheCheckpointsModelByModel()
    {
        const zooscope::OpenedZoo& zoo = *m_zoo;
        QCOMPARE(zoo.pointCount(), int64_t(256 * 7));
        for (int64_t i = 0; i < zoo.pointCount(); ++i) {
            QCOMPARE(zoo.pointModelRows[size_t(i)], i / 7);
            QCOMPARE(zoo.pointCheckpoints[size_t(i)], i % 7);
        }
        const std::vector<float> weights = zoo.allPointWeights();
        const int64_t p = zoo.zoo.parameterCount();
        QCOMPARE(weights.size(), size_t(zoo.pointCount() * p));
        for (int64_t i : {int64_t(0), int64_t(8), zoo.pointCount() - 1})
            QVERIFY(std::equal(weights.begin() + i * p, weights.begin() + (i + 1) * p, zoo.zoo.weightsAt(i / 7, i % 7)));
    }

    void firstFrameIsTheWeightPcaAndItsMapPlacesNewPoints()
    {
        const zooscope::OpenedZoo& zoo = *m_zoo;
        auto weights = std::make_shared<const std::vector<float>>(zoo.allPointWeights());
        const zooscope::PcaProjection exact(weights->data(), zoo.pointCount(), zoo.zoo.parameterCount(), 3);
        const zooscope::ProjectionResult frame = zooscope::ProjectionComputation::weightPca(zoo, weights);
        QCOMPARE(frame.xyz, exact.coordinates());
        QCOMPARE(frame.explainedVariance, exact.explainedVarianceRatio());
        QVERIFY(frame.explainedVariance[0] >= frame.explainedVariance[1] && frame.explainedVariance[1] >= frame.explainedVariance[2]);
        // A new model with the weights of a zoo checkpoint lands on that checkpoint's point.
        const int64_t p = zoo.zoo.parameterCount();
        const int64_t point = 123;
        const std::vector<float> copy(weights->begin() + point * p, weights->begin() + (point + 1) * p);
        const std::vector<float> placed = zooscope::ProjectionComputation::place(frame, copy, p);
        QCOMPARE(placed.size(), size_t(3));
        double extent = 0;
        for (float v : frame.xyz)
            extent = std::max(extent, double(std::abs(v)));
        for (int k = 0; k < 3; ++k)
            QVERIFY2(std::abs(placed[size_t(k)] - frame.xyz[size_t(point * 3 + k)]) < 1e-5 * extent,
                     qPrintable(QStringLiteral("axis %1: %2 vs %3").arg(k).arg(placed[size_t(k)]).arg(frame.xyz[size_t(point * 3 + k)])));
    }

    void latentsComeInThePointsOrder()
    {
        const zooscope::OpenedZoo& zoo = *m_zoo;
        const zooscope::HyperRepresentation hr = zooscope::HyperRepresentation::load(kHyperRepresentation, zoo.zoo.architecture);
        const std::vector<float> latents = zoo.encode(hr);
        const int64_t d = hr.latentDim();
        QCOMPARE(latents.size(), size_t(zoo.pointCount() * d));
        // Encoded one by one, from the zoo itself (model row, checkpoint), points across batch borders:
        // each is the row of its point.
        for (int64_t point : {int64_t(0), int64_t(6), int64_t(255), int64_t(256), int64_t(1000), zoo.pointCount() - 1}) {
            const int64_t model = point / 7, checkpoint = point % 7;
            const std::vector<float> one = hr.encode(zoo.zoo.weightsAt(model, checkpoint), 1);
            QCOMPARE(one.size(), size_t(d));
            for (int64_t c = 0; c < d; ++c)
                QVERIFY2(std::abs(one[size_t(c)] - latents[size_t(point * d + c)]) < 1e-4f * (1.0f + std::abs(one[size_t(c)])),
                         qPrintable(QStringLiteral("point %1, latent %2").arg(point).arg(c)));
        }
        // Different points have different latents (the order is not a repeated row).
        QVERIFY(!std::equal(latents.begin(), latents.begin() + d, latents.begin() + d));
    }

    void cancellingStopsTheLoad()
    {
        const zooscope::Progress progress;
        progress.cancel();
        QVERIFY_THROWS_EXCEPTION(zooscope::OperationCancelled, zooscope::OpenedZoo::load(kZoo, progress));
    }
};

QTEST_APPLESS_MAIN(TestOpenedZoo)
#include "tst_openedzoo.moc"
