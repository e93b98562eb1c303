// Opening a zoo for the window: the first frame's PCA of the flat weights (a randomised subspace
// iteration) agrees with the exact PCA, and the latents come in the points' order.
#include "app/OpenedZoo.h"
#include "analysis/PcaProjection.h"

#include <QtTest>

#include <cmath>

class TestOpenedZoo : public QObject {
    Q_OBJECT
private slots:
    void weightPcaMatchesTheExactOne()
    {
        const zooscope::OpenedZoo zoo = zooscope::OpenedZoo::load(QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.zoo.h5"),
                                                                  [](double) { return true; });
        QCOMPARE(zoo.pointCount(), int64_t(256 * 7));
        const std::vector<float> weights = zoo.allPointWeights();
        QCOMPARE(weights.size(), size_t(zoo.pointCount() * zoo.zoo.parameterCount()));
        const zooscope::PcaProjection exact(weights.data(), zoo.pointCount(), zoo.zoo.parameterCount(), 3);
        for (int a = 0; a < 3; ++a)
            QVERIFY2(std::abs(zoo.explainedVariance[size_t(a)] - exact.explainedVarianceRatio()[size_t(a)]) < 1e-4,
                     qPrintable(QString::number(zoo.explainedVariance[size_t(a)])));
        // Same axes and signs: every coordinate within 0.1% of that axis' spread.
        for (int a = 0; a < 3; ++a) {
            double spread = 0, worst = 0;
            for (int64_t i = 0; i < zoo.pointCount(); ++i)
                spread = std::max(spread, double(std::abs(exact.coordinates()[size_t(i * 3 + a)])));
            for (int64_t i = 0; i < zoo.pointCount(); ++i)
                worst = std::max(worst, double(std::abs(exact.coordinates()[size_t(i * 3 + a)] - zoo.xyz[size_t(i * 3 + a)])));
            QVERIFY2(worst < 1e-3 * spread, qPrintable(QStringLiteral("axis %1: %2 of %3").arg(a).arg(worst).arg(spread)));
        }
    }
};

QTEST_APPLESS_MAIN(TestOpenedZoo)
#include "tst_openedzoo.moc"
