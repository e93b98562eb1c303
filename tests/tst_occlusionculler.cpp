// The culling behind the latent view's still frames at a million points: a disc is dropped only when
// nearer discs hide all of it, so the kept discs give the same picture; and the density subset of the
// first still frame keeps sparse points and thins crowded ones.
#include "widgets/DensitySubset.h"
#include "widgets/OcclusionCuller.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using zooscope::DensitySubset;
using zooscope::OcclusionCuller;

namespace {

// An orthographic view of 200 x 100 pixels onto x in [-10, 10], y in [-5, 5]: world (x, y) lands on
// pixel ((x + 10) * 10, (y + 5) * 10); depth NDC = -z / 10 (larger z is nearer); radius r world = 10r px.
OcclusionCuller::View view()
{
    OcclusionCuller::View v;
    v.width = 200;
    v.height = 100;
    v.worldToClip = {0.1, 0, 0, 0, 0, 0.2, 0, 0, 0, 0, -0.1, 0, 0, 0, 0, 1};
    v.projectionYScale = 0.2;
    return v;
}

std::vector<int> allRows(std::size_t n)
{
    std::vector<int> rows(n);
    for (std::size_t i = 0; i < n; ++i)
        rows[i] = int(i);
    return rows;
}

// Per pixel, which disc a depth buffer shows (the nearest whose disc holds the pixel centre; the first
// drawn on equal depth); -1 for none.
std::vector<int> ownerImage(const std::vector<float>& xyz, const std::vector<float>& radiusPx)
{
    std::vector<int> owner(200 * 100, -1);
    std::vector<float> depth(200 * 100, std::numeric_limits<float>::infinity());
    for (std::size_t i = 0; i < radiusPx.size(); ++i) {
        const float cx = (xyz[3 * i] + 10.0f) * 10.0f, cy = (xyz[3 * i + 1] + 5.0f) * 10.0f, d = -xyz[3 * i + 2] / 10.0f;
        for (int y = 0; y < 100; ++y)
            for (int x = 0; x < 200; ++x) {
                const float dx = x + 0.5f - cx, dy = y + 0.5f - cy;
                if (dx * dx + dy * dy <= radiusPx[i] * radiusPx[i] && d < depth[std::size_t(y * 200 + x)]) {
                    depth[std::size_t(y * 200 + x)] = d;
                    owner[std::size_t(y * 200 + x)] = int(i);
                }
            }
    }
    return owner;
}

} // namespace

class TestOcclusionCuller : public QObject {
    Q_OBJECT
private slots:
    void dropsOnlyWhatNearerDiscsHide()
    {
        // 0: a big near disc at the centre; 1: a small one right behind it (hidden); 2: one behind it that
        // sticks out by 4 pixels on the right (shows); 3: one in front of 0 (shows); 4: a lone one elsewhere.
        const std::vector<float> xyz = {0, 0, 5, 0.1f, 0, 0, 1.4f, 0, 0, 0, 0, 6, -7, 3, 0};
        const std::vector<float> sizes = {5, 1, 1, 1, 1}; // world radius 0.2 -> 2 px; x5 -> 10 px
        const std::vector<int> rows = allRows(5);
        const auto kept = OcclusionCuller::visibleRows(xyz, sizes, 0.2, view(), {{&rows, 1.0}});
        QCOMPARE(kept.size(), std::size_t(1));
        QCOMPARE(kept[0], (std::vector<int>{0, 2, 3, 4}));
    }

    void keepsTheFrontmostDiscOfEveryPixel()
    {
        // Many discs of mixed sizes in a crowd: every disc that a depth buffer shows anywhere is kept,
        // and most of the crowd is dropped.
        std::mt19937 rng(3);
        std::normal_distribution<float> spread(0.0f, 1.5f);
        std::uniform_real_distribution<float> size(0.5f, 2.0f);
        const std::size_t n = 4000;
        std::vector<float> xyz, sizes, radiusPx;
        for (std::size_t i = 0; i < n; ++i) {
            xyz.insert(xyz.end(), {spread(rng), 0.5f * spread(rng), spread(rng)});
            sizes.push_back(size(rng));
            radiusPx.push_back(0.3f * 10.0f * sizes.back());
        }
        const std::vector<int> rows = allRows(n);
        const std::vector<int> kept = OcclusionCuller::visibleRows(xyz, sizes, 0.3, view(), {{&rows, 1.0}})[0];
        QVERIFY(std::is_sorted(kept.begin(), kept.end()));
        const std::vector<int> owner = ownerImage(xyz, radiusPx);
        std::vector<char> shows(n, 0);
        for (int o : owner)
            if (o >= 0)
                shows[std::size_t(o)] = 1;
        std::size_t visible = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (!shows[i])
                continue;
            ++visible;
            QVERIFY2(std::binary_search(kept.begin(), kept.end(), int(i)), qPrintable(QStringLiteral("disc %1 shows but was dropped").arg(i)));
        }
        // The kept discs alone give the same picture.
        std::vector<float> keptXyz, keptRadius;
        for (int k : kept) {
            keptXyz.insert(keptXyz.end(), {xyz[3 * std::size_t(k)], xyz[3 * std::size_t(k) + 1], xyz[3 * std::size_t(k) + 2]});
            keptRadius.push_back(radiusPx[std::size_t(k)]);
        }
        const std::vector<int> keptOwner = ownerImage(keptXyz, keptRadius);
        for (std::size_t p = 0; p < owner.size(); ++p)
            QCOMPARE(keptOwner[p] < 0 ? -1 : kept[std::size_t(keptOwner[p])], owner[p]);
        QVERIFY2(kept.size() < n / 3, qPrintable(QStringLiteral("%1 of %2 kept, %3 show").arg(kept.size()).arg(n).arg(visible)));
    }

    void dropsWhatIsNotDrawnAndKeepsWhatItCannotJudge()
    {
        // 0: off the screen; 1: behind the camera (w < 0); 2: beyond the far plane (kept, hides nothing);
        // 3: right behind 2 (kept: 2 is clipped, so it does not hide it).
        OcclusionCuller::View v = view();
        v.worldToClip[14] = -1.0; // w = 1 - z: z >= 1 is behind the camera
        v.worldToClip[15] = 1.0;
        const std::vector<float> xyz = {30, 0, 0, 0, 0, 2, 3, 0, -30, 3, 0, -8};
        const std::vector<int> rows = allRows(4);
        const auto kept = OcclusionCuller::visibleRows(xyz, {}, 0.5, v, {{&rows, 1.0}})[0];
        QCOMPARE(kept, (std::vector<int>{2, 3}));
    }

    void laterLayersHideAndAreCulledToo()
    {
        // Layer 0: point 0 (near, radius 10 px), point 1 right behind it (as large: within the margin, so
        // kept), point 2 2 px beside it and behind; layer 1: the ring disc of point 0 (1.7x), which hides both.
        const std::vector<float> xyz = {0, 0, 5, 0, 0, 0, 0.2f, 0, 1};
        const std::vector<int> points = allRows(3), ringOfPoint0{0};
        const auto withoutRing = OcclusionCuller::visibleRows(xyz, {}, 1.0, view(), {{&points, 1.0}});
        QCOMPARE(withoutRing[0], (std::vector<int>{0, 1, 2}));
        const auto kept = OcclusionCuller::visibleRows(xyz, {}, 1.0, view(), {{&points, 1.0}, {&ringOfPoint0, 1.7}});
        QCOMPARE(kept.size(), std::size_t(2));
        QCOMPARE(kept[0], (std::vector<int>{0}));
        QCOMPARE(kept[1], (std::vector<int>{0}));
    }

    void emptyAndDegenerateInput()
    {
        const std::vector<int> none;
        QCOMPARE(OcclusionCuller::visibleRows({}, {}, 0.3, view(), {{&none, 1.0}})[0].size(), std::size_t(0));
        OcclusionCuller::View zero = view();
        zero.width = 0;
        zero.height = 0;
        const std::vector<float> xyz = {0, 0, 0};
        const std::vector<int> one{0};
        QCOMPARE(OcclusionCuller::visibleRows(xyz, {}, 0.3, zero, {{&one, 1.0}}).size(), std::size_t(1));
    }

    void densitySubsetKeepsSparseAndThinsCrowdedPoints()
    {
        // 10,000 points in one tight cluster and 50 scattered far apart.
        std::mt19937 rng(5);
        std::normal_distribution<float> tight(0.0f, 0.01f);
        std::vector<float> xyz;
        for (int i = 0; i < 10000; ++i)
            xyz.insert(xyz.end(), {tight(rng), tight(rng), tight(rng)});
        for (int i = 0; i < 50; ++i)
            xyz.insert(xyz.end(), {float(i % 5) * 10.0f - 20.0f, float(i / 5 % 5) * 10.0f - 20.0f, float(i / 25) * 10.0f + 5.0f});
        const std::vector<int> rows = allRows(10050);
        const std::vector<int> subset = DensitySubset::rows(xyz, rows, 1000);
        QVERIFY(subset.size() <= 1000);
        QVERIFY(subset.size() >= 500);
        QVERIFY(std::is_sorted(subset.begin(), subset.end()));
        for (int i = 10000; i < 10050; ++i)
            QVERIFY2(std::binary_search(subset.begin(), subset.end(), i), qPrintable(QStringLiteral("outlier %1 dropped").arg(i)));
        // No more points than asked: all of them.
        QCOMPARE(DensitySubset::rows(xyz, rows, 20000), rows);
    }
};

QTEST_GUILESS_MAIN(TestOcclusionCuller)
#include "tst_occlusionculler.moc"
