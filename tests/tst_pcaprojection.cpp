// PCA as the 3D view and the samplers use it.
#include "analysis/PcaProjection.h"

#include <QtTest>

#include <cmath>
#include <random>

using zooscope::PcaProjection;

namespace {

// Points = sum_k s_k * g_k * axis_k + mean, with orthonormal axes and standard normal g: the principal
// axes are known, and so is the variance along each (s_k^2).
std::vector<float> knownData(int64_t rows, int64_t cols, const std::vector<double>& scales, std::vector<std::vector<double>>& axes,
                             double noise = 0.0)
{
    std::mt19937_64 rng(3);
    std::normal_distribution<double> n(0.0, 1.0);
    axes.clear();
    for (size_t k = 0; k < scales.size(); ++k) {
        std::vector<double> a(cols);
        for (auto& v : a)
            v = n(rng);
        for (const auto& b : axes) { // Gram-Schmidt
            double d = 0;
            for (int64_t j = 0; j < cols; ++j)
                d += a[j] * b[j];
            for (int64_t j = 0; j < cols; ++j)
                a[j] -= d * b[j];
        }
        double len = 0;
        for (double v : a)
            len += v * v;
        for (auto& v : a)
            v /= std::sqrt(len);
        axes.push_back(a);
    }
    std::vector<float> x(rows * cols);
    for (int64_t i = 0; i < rows; ++i) {
        std::vector<double> row(cols, 5.0);
        for (size_t k = 0; k < scales.size(); ++k) {
            const double g = n(rng) * scales[k];
            for (int64_t j = 0; j < cols; ++j)
                row[j] += g * axes[k][j];
        }
        for (int64_t j = 0; j < cols; ++j)
            x[i * cols + j] = float(row[j] + noise * n(rng));
    }
    return x;
}

} // namespace

class TestPcaProjection : public QObject {
    Q_OBJECT
private slots:
    void findsTheKnownAxes_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        QTest::newRow("more points than dimensions (covariance)") << 2000 << 40;
        QTest::newRow("more dimensions than points (Gram)") << 300 << 2464;
    }
    void findsTheKnownAxes()
    {
        QFETCH(int, rows);
        QFETCH(int, cols);
        std::vector<std::vector<double>> axes;
        const auto x = knownData(rows, cols, {4.0, 2.0, 1.0}, axes);
        const PcaProjection pca(x.data(), rows, cols, 3);
        // Rank-3 data: three components explain everything, in the ratio of the sample variances.
        const auto& r = pca.explainedVarianceRatio();
        QCOMPARE(int(r.size()), 3);
        QVERIFY(std::abs(r[0] + r[1] + r[2] - 1.0) < 1e-4);
        QVERIFY2(r[0] > r[1] && r[1] > r[2] && r[2] > 0.02, qPrintable(QStringLiteral("%1 %2 %3").arg(r[0]).arg(r[1]).arg(r[2])));
        QVERIFY(std::abs(r[0] - 16.0 / 21.0) < 0.08);
        // Round trip through the 3D space is lossless for rank-3 data.
        const auto back = pca.inverseTransform(pca.coordinates().data(), rows);
        double maxErr = 0;
        for (size_t i = 0; i < x.size(); ++i)
            maxErr = std::max(maxErr, double(std::abs(back[i] - x[i])));
        QVERIFY2(maxErr < 1e-3, qPrintable(QString::number(maxErr)));
        // The first coordinate varies like the largest scale.
        double var0 = 0;
        for (int i = 0; i < rows; ++i)
            var0 += double(pca.coordinates()[i * 3]) * pca.coordinates()[i * 3];
        QVERIFY(std::abs(std::sqrt(var0 / rows) - 4.0) < 0.6);
    }

    void isDeterministic()
    {
        std::vector<std::vector<double>> axes;
        const auto x = knownData(500, 30, {3.0, 2.0, 1.0, 0.5}, axes, 0.01);
        const PcaProjection a(x.data(), 500, 30, 3);
        const PcaProjection b(x.data(), 500, 30, 3);
        QCOMPARE(a.coordinates(), b.coordinates());
        QCOMPARE(a.explainedVarianceRatio().size(), size_t(3));
        QVERIFY(a.explainedVarianceRatio()[0] + a.explainedVarianceRatio()[1] + a.explainedVarianceRatio()[2] < 0.999);
    }

    void transformMatchesFittedCoordinates()
    {
        std::vector<std::vector<double>> axes;
        const auto x = knownData(200, 10, {3.0, 2.0, 1.0}, axes, 0.1);
        const PcaProjection pca(x.data(), 200, 10, 3);
        const auto again = pca.transform(x.data(), 200);
        for (size_t i = 0; i < again.size(); ++i)
            QVERIFY(std::abs(again[i] - pca.coordinates()[i]) < 1e-4);
    }

    // The leading-components solver used for large data (a zoo's raw weights) gives the exact solver's
    // axes, variances and coordinates, including on a spectrum with many small components.
    void subspaceSolverAgreesWithTheExactOne()
    {
        std::vector<std::vector<double>> axes;
        std::vector<double> scales;
        for (int k = 0; k < 40; ++k)
            scales.push_back(4.0 * std::pow(0.85, k));
        const auto x = knownData(700, 900, scales, axes, 0.05);
        const PcaProjection exact(x.data(), 700, 900, 3, PcaProjection::Solver::Exact);
        const PcaProjection subspace(x.data(), 700, 900, 3, PcaProjection::Solver::Subspace);
        double scale = 0;
        for (float v : exact.coordinates())
            scale = std::max(scale, double(std::abs(v)));
        QVERIFY(scale > 1);
        for (size_t i = 0; i < exact.coordinates().size(); ++i)
            QVERIFY2(std::abs(exact.coordinates()[i] - subspace.coordinates()[i]) < 1e-4 * scale, qPrintable(QString::number(i)));
        for (int k = 0; k < 3; ++k)
            QVERIFY(std::abs(exact.explainedVarianceRatio()[k] - subspace.explainedVarianceRatio()[k]) < 1e-6);
        // Auto takes the subspace solver here (both sides above the limit) and is deterministic.
        const PcaProjection automatic(x.data(), 700, 900, 3);
        QCOMPARE(automatic.coordinates(), subspace.coordinates());
    }

    void rejectsBadInput()
    {
        std::vector<float> x(30, 1.0f);
        x[7] = std::nanf("");
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, PcaProjection(x.data(), 10, 3, 3));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, PcaProjection(x.data(), 1, 3, 3));
    }
};

QTEST_GUILESS_MAIN(TestPcaProjection)
#include "tst_pcaprojection.moc"
