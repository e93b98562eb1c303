// t-SNE as the 3D view uses it: clusters stay apart, results repeat, subsampling places the rest, cancel works.
#include "analysis/TsneProjection.h"
#include "analysis/NeighbourPlacement.h"

#include <QtTest>

#include <cmath>
#include <random>

using zooscope::TsneOptions;
using zooscope::TsneProjection;
using zooscope::NeighbourPlacement;
using zooscope::OperationCancelled;
using zooscope::Progress;
using zooscope::ProgressUpdate;

namespace {

// `clusters` Gaussian blobs (std 1) in `dims` dimensions with centres 20 apart along random directions.
std::vector<float> blobs(int clusters, int perCluster, int dims, std::vector<int>& label, uint64_t seed = 5)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> n(0.0f, 1.0f);
    std::vector<std::vector<float>> centres(static_cast<size_t>(clusters), std::vector<float>(static_cast<size_t>(dims)));
    for (auto& c : centres)
        for (auto& v : c)
            v = 8.0f * n(rng);
    std::vector<float> x;
    label.clear();
    for (int c = 0; c < clusters; ++c)
        for (int i = 0; i < perCluster; ++i) {
            for (int k = 0; k < dims; ++k)
                x.push_back(centres[static_cast<size_t>(c)][static_cast<size_t>(k)] + n(rng));
            label.push_back(c);
        }
    return x;
}

// Share of points whose nearest other point in the embedding carries the same label.
double nearestNeighbourAgreement(const std::vector<float>& y, int dims, const std::vector<int>& label)
{
    const size_t n = label.size();
    int same = 0;
    for (size_t i = 0; i < n; ++i) {
        double best = 1e300;
        size_t at = 0;
        for (size_t j = 0; j < n; ++j) {
            if (j == i)
                continue;
            double d = 0;
            for (int a = 0; a < dims; ++a)
                d += std::pow(double(y[i * dims + a]) - y[j * dims + a], 2);
            if (d < best) {
                best = d;
                at = j;
            }
        }
        same += label[at] == label[i];
    }
    return double(same) / double(n);
}

// Mean distance between points of different clusters over mean distance within clusters.
double separation(const std::vector<float>& y, int dims, const std::vector<int>& label)
{
    double within = 0, between = 0;
    long nw = 0, nb = 0;
    for (size_t i = 0; i < label.size(); ++i)
        for (size_t j = i + 1; j < label.size(); ++j) {
            double d = 0;
            for (int a = 0; a < dims; ++a)
                d += std::pow(double(y[i * dims + a]) - y[j * dims + a], 2);
            d = std::sqrt(d);
            if (label[i] == label[j]) {
                within += d;
                ++nw;
            } else {
                between += d;
                ++nb;
            }
        }
    return (between / nb) / (within / nw);
}

} // namespace

class TestTsneProjection : public QObject {
    Q_OBJECT
private slots:
    void keepsClustersApartIn3D()
    {
        std::vector<int> label;
        const std::vector<float> x = blobs(4, 60, 30, label);
        TsneOptions options;
        options.perplexity = 15;
        options.iterations = 500;
        const TsneProjection tsne(x.data(), 240, 30, options);
        QCOMPARE(tsne.dimensions(), 3);
        QCOMPARE(tsne.coordinates().size(), size_t(240 * 3));
        QCOMPARE(tsne.fittedPoints(), int64_t(240));
        for (float v : tsne.coordinates())
            QVERIFY(std::isfinite(v));
        QVERIFY2(nearestNeighbourAgreement(tsne.coordinates(), 3, label) > 0.98, "neighbours in 3D share the cluster");
        const double s = separation(tsne.coordinates(), 3, label);
        QVERIFY2(s > 3.0, qPrintable(QString::number(s)));
        // The third axis is used, not a flat sheet.
        double spread[3] = {0, 0, 0};
        for (size_t i = 0; i < 240; ++i)
            for (int a = 0; a < 3; ++a)
                spread[a] += std::abs(tsne.coordinates()[i * 3 + a]);
        QVERIFY(spread[2] > 0.1 * spread[0]);
        QVERIFY(tsne.klDivergence() > 0 && tsne.klDivergence() < 3.0);
    }

    void sameSeedSameResult()
    {
        std::vector<int> label;
        const std::vector<float> x = blobs(3, 30, 8, label);
        TsneOptions options;
        options.iterations = 200;
        options.threads = 2;
        const TsneProjection a(x.data(), 90, 8, options);
        const TsneProjection b(x.data(), 90, 8, options);
        QCOMPARE(a.coordinates(), b.coordinates());
    }

    void wideInputsAreReducedAndTwoDimensionsWork()
    {
        std::vector<int> label;
        const std::vector<float> x = blobs(3, 40, 400, label, 9);
        TsneOptions options;
        options.dimensions = 2;
        options.iterations = 400;
        const TsneProjection tsne(x.data(), 120, 400, options);
        QCOMPARE(tsne.coordinates().size(), size_t(120 * 2));
        QVERIFY(nearestNeighbourAgreement(tsne.coordinates(), 2, label) > 0.98);
    }

    void largeSetsAreSubsampledAndTheRestPlacedByNeighbours()
    {
        std::vector<int> label;
        const std::vector<float> x = blobs(3, 100, 10, label, 11);
        TsneOptions options;
        options.maxExactPoints = 120;
        options.perplexity = 10;
        options.iterations = 400;
        const TsneProjection tsne(x.data(), 300, 10, options);
        QCOMPARE(tsne.fittedPoints(), int64_t(120));
        QCOMPARE(tsne.coordinates().size(), size_t(300 * 3));
        QVERIFY(nearestNeighbourAgreement(tsne.coordinates(), 3, label) > 0.97);
        QVERIFY(separation(tsne.coordinates(), 3, label) > 3.0);
    }

    void smallSetsClampThePerplexity()
    {
        std::vector<int> label;
        const std::vector<float> x = blobs(2, 5, 4, label);
        const TsneProjection tsne(x.data(), 10, 4, TsneOptions{});
        QVERIFY(tsne.perplexity() <= 3.0);
        for (float v : tsne.coordinates())
            QVERIFY(std::isfinite(v));
    }

    void progressReportsAndCancels()
    {
        std::vector<int> label;
        const std::vector<float> x = blobs(2, 50, 5, label);
        TsneOptions options;
        options.iterations = 300;
        std::vector<double> seen;
        const Progress progress([&](const ProgressUpdate& u) { seen.push_back(u.fraction); });
        TsneProjection done(x.data(), 100, 5, options, progress);
        QVERIFY(seen.size() > 10);
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), 1.0);

        // Cancelled from the listener at its fifth report: the next report ends t-SNE.
        int calls = 0;
        Progress cancelling;
        cancelling = Progress([&](const ProgressUpdate&) {
            if (++calls == 5)
                cancelling.cancel();
        });
        QVERIFY_THROWS_EXCEPTION(OperationCancelled, TsneProjection(x.data(), 100, 5, options, cancelling));
        QCOMPARE(calls, 5);

        // Cancelled while the input affinities are computed on several threads.
        options.threads = 4;
        const Progress cancelledBefore;
        cancelledBefore.cancel();
        QVERIFY_THROWS_EXCEPTION(OperationCancelled, TsneProjection(x.data(), 100, 5, options, cancelledBefore));
    }

    void neighbourPlacementIsTheWeightedMeanOfTheNearest()
    {
        // References at x = 0..9, projected to (10 x, -x, 1).
        std::vector<float> references, coordinates;
        for (int i = 0; i < 10; ++i) {
            references.push_back(float(i));
            coordinates.insert(coordinates.end(), {10.0f * float(i), -float(i), 1.0f});
        }
        const NeighbourPlacement placement(references.data(), coordinates.data(), 10, 1, 3, 2);
        const std::vector<float> queries{3.0f, 3.5f, 3.25f, 100.0f};
        const std::vector<float> placed = placement.place(queries.data(), 4, 2);
        QCOMPARE(placed.size(), size_t(12));
        QVERIFY(std::abs(placed[0] - 30.0f) < 1e-4f); // on a reference: its place
        QVERIFY(std::abs(placed[3] - 35.0f) < 1e-4f); // halfway: the mean of both
        QVERIFY(std::abs(placed[4] + 3.5f) < 1e-4f);
        QCOMPARE(placed[5], 1.0f);
        // 1/0.25 and 1/0.75: weights 3:1 towards 3.
        QVERIFY(std::abs(placed[6] - 32.5f) < 1e-3f);
        QVERIFY(std::abs(placed[9] - 85.0f) < 0.1f); // far away: between its two nearest, 8 and 9
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, NeighbourPlacement(references.data(), coordinates.data(), 0, 1, 3));
    }

    void badInputIsRejected()
    {
        const std::vector<float> one{1.0f, 2.0f};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TsneProjection(one.data(), 1, 2));
        std::vector<float> nan{1.0f, 2.0f, std::nanf(""), 4.0f};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TsneProjection(nan.data(), 2, 2));
        TsneOptions bad;
        bad.dimensions = 4;
        const std::vector<float> two{1.0f, 2.0f, 3.0f, 4.0f};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TsneProjection(two.data(), 2, 2, bad));
    }
};

QTEST_APPLESS_MAIN(TestTsneProjection)
#include "tst_tsneprojection.moc"
