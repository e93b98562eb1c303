// Figures for papers: the latent view and the charts as true vector files (SVG, PDF) and as PNG. One mark
// per point drawn, hidden points left out but nothing visible, text as text with fonts embedded, the
// colouring's exact colours, the vector files agreeing with the PNG, and the same bytes every time.
#include "widgets/ChartFigure.h"
#include "widgets/ColorMap.h"
#include "widgets/DiscCoverage.h"
#include "widgets/FigureOptions.h"
#include "widgets/FigureWriter.h"
#include "widgets/ScatterCamera.h"
#include "widgets/ScatterFigure.h"

#include <QApplication>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QProcess>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <qcustomplot.h>

#include <cmath>
#include <random>
#include <set>

using zooscope::ChartFigure;
using zooscope::ColorMap;
using zooscope::FigureOptions;
using zooscope::FigureWriter;
using zooscope::ScatterColouring;
using zooscope::ScatterFigure;
using zooscope::ScatterFigureContent;

namespace {

// The known scene, seen from +z by a camera 10 units away: three large points near the centre in front
// (z = 1, double size), five small points right behind them (z = -1, half size: wholly hidden), one point
// behind them that peeks out at the side, and four points on their own.
constexpr int kFront = 3, kBehind = 5;
const double kFrontValue = 1.0, kBehindValue = 0.0, kPeekValue = 0.6;
const std::vector<double> kAloneValues{0.25, 0.5, 0.75, 0.9};

ScatterFigureContent knownContent()
{
    std::vector<float> xyz;
    std::vector<double> values, sizes;
    const double frontXY[kFront][2] = {{0.0, 0.06}, {-0.05, -0.03}, {0.05, -0.03}};
    for (int i = 0; i < kFront; ++i) {
        xyz.insert(xyz.end(), {float(frontXY[i][0]), float(frontXY[i][1]), 1.0f + 0.01f * float(i)});
        values.push_back(kFrontValue);
        sizes.push_back(1.0); // 2x
    }
    const double behindXY[kBehind][2] = {{0, 0}, {0.01, 0}, {-0.01, 0}, {0, 0.01}, {0, -0.01}};
    for (const auto& b : behindXY) {
        xyz.insert(xyz.end(), {float(b[0]), float(b[1]), -1.0f});
        values.push_back(kBehindValue);
        sizes.push_back(0.0); // 0.5x
    }
    xyz.insert(xyz.end(), {0.38f, 0.0f, -1.0f}); // behind, but its right part shows
    values.push_back(kPeekValue);
    sizes.push_back(0.5);
    const double aloneXY[4][2] = {{-1.5, 1.0}, {1.5, 1.0}, {-1.5, -1.0}, {1.5, -1.0}};
    for (int i = 0; i < 4; ++i) {
        xyz.insert(xyz.end(), {float(aloneXY[i][0]), float(aloneXY[i][1]), 0.0f});
        values.push_back(kAloneValues[std::size_t(i)]);
        sizes.push_back(0.5);
    }
    ScatterFigureContent c;
    c.data.setPoints(xyz, values);
    c.data.setSizeValues(sizes);
    c.colouring.setMode(ScatterColouring::Mode::Continuous);
    c.colouring.setValueRange(0.0, 1.0);
    c.camera.position = {0, 0, 10};
    c.camera.focalPoint = {0, 0, 0};
    c.camera.viewUp = {0, 1, 0};
    c.camera.viewAngle = 30;
    c.pointSize = 20;
    c.colorBarTitle = QStringLiteral("Test accuracy");
    c.axisTitles = {QStringLiteral("PC 1 (38.0%)"), QStringLiteral("PC 2 (21.5%)"), QStringLiteral("PC 3 (9.1%)")};
    return c;
}

constexpr std::size_t kKnownPoints = kFront + kBehind + 1 + 4;
constexpr std::size_t kKnownDrawn = kFront + 1 + 4;

FigureOptions optionsFor(FigureOptions::Format format)
{
    FigureOptions o;
    o.format = format;
    // 3 x 2.25 inches: whole points (216 x 162) and whole pixels at 300 dpi, so that the PDF's page and the
    // PNG have the same size.
    o.sizeUnit = FigureOptions::SizeUnit::Pixels;
    o.width = 900;
    o.height = 675;
    o.dpi = 300;
    o.title = QStringLiteral("Latent space of the zoo");
    return o;
}

QByteArray render(const ScatterFigureContent& content, const FigureOptions& options, ScatterFigure::Stats* stats = nullptr,
                  bool hideCovered = true)
{
    ScatterFigure figure(content, options);
    figure.setHideCoveredPoints(hideCovered);
    const QByteArray bytes = FigureWriter::render(options, [&](QPainter& p, const QRectF& r) { figure.paint(p, r); });
    if (stats)
        *stats = figure.stats();
    return bytes;
}

QString hexOf(const ColorMap::Rgb& c)
{
    const ScatterColouring::Rgba b = ScatterColouring::toRgba(c);
    return QColor(b[0], b[1], b[2]).name();
}

// The fill of every <ellipse> in an SVG of QSvgGenerator (each sits in a <g> that sets its fill).
QStringList ellipseFills(const QByteArray& svg)
{
    QStringList fills;
    const QString text = QString::fromUtf8(svg);
    static const QRegularExpression group(QStringLiteral("<g ([^>]*)>((?:(?!</g>).)*)</g>"),
                                          QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression fill(QStringLiteral("fill=\"(#[0-9a-fA-F]{6})\""));
    static const QRegularExpression ellipse(QStringLiteral("<circle "));
    for (auto it = group.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const int n = int(m.captured(2).count(ellipse));
        if (n == 0)
            continue;
        const auto f = fill.match(m.captured(1));
        for (int i = 0; i < n; ++i)
            fills << (f.hasMatch() ? f.captured(1).toLower() : QStringLiteral("?"));
    }
    return fills;
}

int countOf(const QByteArray& bytes, const char* what) { return int(bytes.count(what)); }

QStringList svgTexts(const QByteArray& svg)
{
    QStringList out;
    static const QRegularExpression text(QStringLiteral("<text[^>]*>([^<]*)</text>"));
    for (auto it = text.globalMatch(QString::fromUtf8(svg)); it.hasNext();)
        out << it.next().captured(1).trimmed();
    return out;
}

// Runs a poppler tool; its standard output.
QString runTool(const QString& program, const QStringList& arguments)
{
    QProcess p;
    p.start(program, arguments);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QStringLiteral("FAILED: %1 %2: %3").arg(program, arguments.join(' '), QString::fromUtf8(p.readAllStandardError()));
    return QString::fromUtf8(p.readAllStandardOutput());
}

// Rows after the two header lines of `pdfimages -list` / `pdffonts`.
QStringList tableRows(const QString& output)
{
    QStringList lines = output.split('\n', Qt::SkipEmptyParts);
    return lines.mid(2);
}

QImage svgToImage(const QByteArray& svg, QSize size)
{
    QSvgRenderer renderer(svg);
    QImage image(size, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    renderer.render(&p, QRectF(QPointF(0, 0), QSizeF(size)));
    return image;
}

struct Difference {
    double mean = 0;   // mean absolute difference per channel, 0..255
    double within = 0; // share of pixels whose channels all differ by at most the tolerance
};

Difference compare(const QImage& a0, const QImage& b0, int tolerance)
{
    const QImage a = a0.convertToFormat(QImage::Format_RGB32), b = b0.convertToFormat(QImage::Format_RGB32);
    Difference d;
    if (a.size() != b.size())
        return {255, 0};
    double sum = 0;
    long long ok = 0;
    for (int y = 0; y < a.height(); ++y) {
        const QRgb* pa = reinterpret_cast<const QRgb*>(a.constScanLine(y));
        const QRgb* pb = reinterpret_cast<const QRgb*>(b.constScanLine(y));
        for (int x = 0; x < a.width(); ++x) {
            const int dr = std::abs(qRed(pa[x]) - qRed(pb[x])), dg = std::abs(qGreen(pa[x]) - qGreen(pb[x])),
                      db = std::abs(qBlue(pa[x]) - qBlue(pb[x]));
            sum += dr + dg + db;
            ok += std::max({dr, dg, db}) <= tolerance ? 1 : 0;
        }
    }
    const double pixels = double(a.width()) * a.height();
    d.mean = sum / (3 * pixels);
    d.within = ok / pixels;
    return d;
}

// A chart as the app's training curves show one.
void fillChart(QCustomPlot& chart)
{
    chart.resize(600, 400);
    chart.addGraph();
    QVector<double> x, y;
    for (int i = 0; i < 50; ++i) {
        x << i;
        y << std::exp(-i / 10.0);
    }
    chart.graph(0)->setData(x, y);
    chart.graph(0)->setName(QStringLiteral("training loss"));
    chart.xAxis->setLabel(QStringLiteral("Epoch"));
    chart.yAxis->setLabel(QStringLiteral("Loss"));
    chart.legend->setVisible(true);
    chart.rescaleAxes();
}

// 100,000 points in eight gaussian clusters (the shape of a large zoo's latent space).
ScatterFigureContent largeContent()
{
    std::mt19937 rng(12);
    std::normal_distribution<float> g(0.0f, 0.35f);
    std::uniform_int_distribution<int> cluster(0, 7);
    std::vector<float> xyz;
    std::vector<double> values;
    for (int i = 0; i < 100000; ++i) {
        const int k = cluster(rng);
        xyz.insert(xyz.end(), {float(k % 2) * 2.0f - 1.0f + g(rng), float((k / 2) % 2) * 2.0f - 1.0f + g(rng),
                               float(k / 4) * 2.0f - 1.0f + g(rng)});
        values.push_back(0.1 * k + 0.05 * g(rng));
    }
    ScatterFigureContent c;
    c.data.setPoints(xyz, values);
    c.colouring.setMode(ScatterColouring::Mode::Continuous);
    c.colouring.setAutoValueRange(values);
    // The isometric preset, all points in view, as the view sets it for a plot of about this shape.
    zooscope::ScatterCamera camera;
    camera.setPreset(zooscope::ScatterCamera::Preset::Isometric, c.data.visibleBounds(), 1.0);
    c.camera = camera.pose();
    c.pointSize = 8;
    c.colorBarTitle = QStringLiteral("Test accuracy");
    c.axisTitles = {QStringLiteral("PC 1 (38.0%)"), QStringLiteral("PC 2 (21.5%)"), QStringLiteral("PC 3 (9.1%)")};
    return c;
}

} // namespace

class TestFigure : public QObject {
    Q_OBJECT
public:
    // Figures need no display: Qt's offscreen platform, as `zooscope-cli figure` runs.
    static void initMain() { qputenv("QT_QPA_PLATFORM", "offscreen"); }

private:
    QTemporaryDir m_dir;

    QString write(const QString& name, const QByteArray& bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            return {};
        return path;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // ZOOSCOPE_FIGURE_DUMP=DIR keeps the known figures there, to look at.
        const QString dump = qEnvironmentVariable("ZOOSCOPE_FIGURE_DUMP");
        if (!dump.isEmpty())
            for (FigureOptions::Format f : {FigureOptions::Format::Svg, FigureOptions::Format::Pdf, FigureOptions::Format::Png}) {
                FigureOptions o = optionsFor(f);
                QFile file(dump + QStringLiteral("/known.") + FigureOptions::suffixOf(f));
                QVERIFY(file.open(QIODevice::WriteOnly));
                file.write(render(knownContent(), o));
                if (f == FigureOptions::Format::Svg) { // as the agreement test rasterises it, and its difference
                    const QImage a = svgToImage(render(knownContent(), o), o.pixelSize());
                    a.save(dump + QStringLiteral("/known-svg.png"));
                    FigureOptions p = o;
                    p.format = FigureOptions::Format::Png;
                    QImage b;
                    b.loadFromData(render(knownContent(), p), "PNG");
                    b = b.convertToFormat(QImage::Format_ARGB32);
                    QImage d(a.size(), QImage::Format_RGB32);
                    for (int y = 0; y < a.height(); ++y)
                        for (int x = 0; x < a.width(); ++x) {
                            const QRgb pa = a.pixel(x, y), pb = b.pixel(x, y);
                            const int m = std::max({std::abs(qRed(pa) - qRed(pb)), std::abs(qGreen(pa) - qGreen(pb)), std::abs(qBlue(pa) - qBlue(pb))});
                            d.setPixel(x, y, m > 32 ? qRgb(255, 0, 0) : qRgb(255 - m * 4, 255 - m * 4, 255 - m * 4));
                        }
                    d.save(dump + QStringLiteral("/known-svgdiff.png"));
                }
                o.view = FigureOptions::View::TwoD;
                QFile flat(dump + QStringLiteral("/known-2d.") + FigureOptions::suffixOf(f));
                QVERIFY(flat.open(QIODevice::WriteOnly));
                flat.write(render(knownContent(), o));
                QCustomPlot chart;
                fillChart(chart);
                o.title = QStringLiteral("Training curves");
                QFile c(dump + QStringLiteral("/chart.") + FigureOptions::suffixOf(f));
                QVERIFY(c.open(QIODevice::WriteOnly));
                c.write(FigureWriter::render(o, [&](QPainter& p, const QRectF& r) { ChartFigure(&chart, o).paint(p, r); }));
            }
        if (!dump.isEmpty()) { // the known points with a selection, generated models and a trajectory
            ScatterFigureContent c = knownContent();
            c.data.setHighlightedRows({int(kKnownPoints) - 1, int(kKnownPoints) - 2});
            c.data.setGeneratedPoints({0.0f, -1.5f, 0.0f, 0.7f, -1.5f, 0.0f}, {0.3, 0.4});
            c.data.setTrajectories({{int(kKnownPoints) - 4, int(kKnownPoints) - 3, int(kKnownPoints) - 1}});
            QFile f(dump + QStringLiteral("/glyphs.pdf"));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(render(c, optionsFor(FigureOptions::Format::Pdf)));
        }
        if (!dump.isEmpty()) { // a zoo-like figure, one column wide, in 3D and 2D
            ScatterFigureContent large = largeContent();
            large.data.setHighlightedRows({10, 20, 30, 40, 50});
            std::vector<std::vector<int>> lines;
            for (int i = 0; i < 6; ++i)
                lines.push_back({i * 8, i * 8 + 1000, i * 8 + 2000, i * 8 + 3000});
            large.data.setTrajectories(lines);
            large.data.setGeneratedPoints({0.2f, 0.9f, -0.9f, -0.8f, 1.1f, 0.9f, 1.0f, -1.0f, 1.1f}, {0.35, 0.5, 0.72});
            FigureOptions o;
            o.title = QStringLiteral("Latent space (PCA)");
            for (FigureOptions::View v : {FigureOptions::View::ThreeD, FigureOptions::View::TwoD}) {
                o.view = v;
                QFile f(dump + (v == FigureOptions::View::ThreeD ? QStringLiteral("/large-3d.pdf") : QStringLiteral("/large-2d.pdf")));
                QVERIFY(f.open(QIODevice::WriteOnly));
                f.write(render(large, o));
            }
        }
    }

    void coverageHidesOnlyWhatIsCovered()
    {
        zooscope::DiscCoverage coverage(0, 0, 1, 100, 100);
        QVERIFY(!coverage.covered(50, 50, 3));
        coverage.cover(50, 50, 10);
        QVERIFY(coverage.covered(50, 50, 5));
        QVERIFY(coverage.covered(52.5, 50, 6));
        QVERIFY(!coverage.covered(50, 50, 10.5)); // reaches past the cover
        QVERIFY(!coverage.covered(58, 50, 3));    // peeks out on the right
        QVERIFY(!coverage.covered(30, 30, 1));
        QVERIFY(coverage.covered(-20, 50, 3)); // off the grid: clipped away
    }

    void svgHoldsOneCirclePerDrawnPoint()
    {
        const ScatterFigureContent content = knownContent();
        ScatterFigure::Stats stats;
        const QByteArray svg = render(content, optionsFor(FigureOptions::Format::Svg), &stats);
        QCOMPARE(stats.pointsHidden, std::size_t(kBehind));
        QCOMPARE(stats.pointsDrawn, kKnownDrawn);
        QCOMPARE(stats.pointsOutside, std::size_t(0));
        QCOMPARE(stats.pointsDrawn + stats.pointsHidden, kKnownPoints);
        QCOMPARE(countOf(svg, "<circle "), int(stats.pointsDrawn));
        QCOMPARE(countOf(svg, "<image"), 0);

        // Fills: the colour map's colours of the points drawn; the hidden ones' colour nowhere; the peeking
        // point and those on their own are there.
        const QStringList fills = ellipseFills(svg);
        QCOMPARE(fills.size(), int(stats.pointsDrawn));
        QCOMPARE(fills.count(hexOf(content.colouring.colour(kFrontValue))), kFront);
        QCOMPARE(fills.count(hexOf(content.colouring.colour(kPeekValue))), 1);
        for (double v : kAloneValues)
            QCOMPARE(fills.count(hexOf(content.colouring.colour(v))), 1);
        QCOMPARE(fills.count(hexOf(content.colouring.colour(kBehindValue))), 0);
        QCOMPARE(hexOf(content.colouring.colour(kFrontValue)), QStringLiteral("#fde725")); // viridis' last entry

        // Every point drawn when nothing is hidden on purpose.
        ScatterFigure::Stats all;
        const QByteArray every = render(content, optionsFor(FigureOptions::Format::Svg), &all, false);
        QCOMPARE(all.pointsDrawn, kKnownPoints);
        QCOMPARE(countOf(every, "<circle "), int(kKnownPoints));

        // Text as text: the title, the colour bar's title and its tick labels.
        const QStringList texts = svgTexts(svg);
        QVERIFY2(texts.contains(QStringLiteral("Latent space of the zoo")), qPrintable(texts.join('|')));
        QVERIFY(texts.contains(QStringLiteral("Test accuracy")));
        for (const char* tick : {"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"})
            QVERIFY2(texts.contains(QLatin1String(tick)), tick);
        QVERIFY(texts.contains(QStringLiteral("PC 1 (38.0%)"))); // the axis triad
        // The colour bar: a gradient with a stop per table entry.
        QVERIFY(countOf(svg, "<linearGradient") >= 1);
        QVERIFY(countOf(svg, "<stop ") >= ColorMap::kTableSize);
    }

    void pdfIsVectorWithEmbeddedFonts()
    {
        const ScatterFigureContent content = knownContent();
        ScatterFigure::Stats stats;
        const QString pdf = write(QStringLiteral("known.pdf"), render(content, optionsFor(FigureOptions::Format::Pdf), &stats));
        QVERIFY(!pdf.isEmpty());
        QCOMPARE(stats.pointsDrawn, kKnownDrawn);
        const QString images = runTool(QStringLiteral("pdfimages"), {QStringLiteral("-list"), pdf});
        QVERIFY2(!images.startsWith(QLatin1String("FAILED")), qPrintable(images));
        QVERIFY2(tableRows(images).isEmpty(), qPrintable(images)); // no raster image anywhere
        const QString fonts = runTool(QStringLiteral("pdffonts"), {pdf});
        QVERIFY2(!fonts.startsWith(QLatin1String("FAILED")), qPrintable(fonts));
        const QStringList fontRows = tableRows(fonts);
        QVERIFY2(!fontRows.isEmpty(), qPrintable(fonts));
        for (const QString& row : fontRows) {
            // name type [type...] encoding emb sub uni id gen: "emb" is the fourth column from the right but three.
            const QStringList cols = row.split(' ', Qt::SkipEmptyParts);
            QVERIFY2(cols.size() >= 7 && cols[cols.size() - 5] == QLatin1String("yes"), qPrintable(fonts));
        }
        const QString text = runTool(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
        QVERIFY2(text.contains(QLatin1String("Latent space of the zoo")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("Test accuracy")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("0.8")) && text.contains(QLatin1String("0.2")), qPrintable(text));
        const QString info = runTool(QStringLiteral("pdfinfo"), {pdf});
        QVERIFY2(info.contains(QLatin1String("216 x 162 pts")), qPrintable(info));
        QVERIFY2(info.contains(QRegularExpression(QStringLiteral("Creator:\\s+ZooScope"))), qPrintable(info));
        QVERIFY2(info.contains(QRegularExpression(QStringLiteral("Title:\\s+Latent space of the zoo"))), qPrintable(info));
    }

    // The vector files rasterised (Qt's SVG renderer; poppler's pdftoppm) match the PNG export: mean
    // absolute difference under 2/255 per channel and 98% of the pixels within 32/255 over the whole
    // figure (each renderer places and smooths glyphs a little differently: text is most of the rest), and
    // at the centre of every point on its own and of the front points, the colour map's colour within 3/255.
    void vectorFilesAgreeWithThePng()
    {
        const ScatterFigureContent content = knownContent();
        const FigureOptions png = optionsFor(FigureOptions::Format::Png);
        QImage reference;
        QVERIFY(reference.loadFromData(render(content, png), "PNG"));
        QCOMPARE(reference.size(), QSize(900, 675));
        QCOMPARE(reference.dotsPerMeterX(), 11811);

        const QImage fromSvg = svgToImage(render(content, optionsFor(FigureOptions::Format::Svg)), reference.size());
        const QString pdf = write(QStringLiteral("agree.pdf"), render(content, optionsFor(FigureOptions::Format::Pdf)));
        const QString prefix = m_dir.filePath(QStringLiteral("agree"));
        const QString out = runTool(QStringLiteral("pdftoppm"), {QStringLiteral("-r"), QStringLiteral("300"), QStringLiteral("-png"),
                                                                 QStringLiteral("-singlefile"), pdf, prefix});
        QVERIFY2(!out.startsWith(QLatin1String("FAILED")), qPrintable(out));
        const QImage fromPdf(prefix + QStringLiteral(".png"));
        QCOMPARE(fromPdf.size(), reference.size());

        const auto agrees = [](const Difference& d) { return d.mean < 2.0 && d.within > 0.98; };
        const Difference svg = compare(fromSvg, reference, 32), fromPdfDiff = compare(fromPdf, reference, 32);
        qInfo("SVG against PNG: mean %.3f/255, %.3f%% within 32/255", svg.mean, 100 * svg.within);
        qInfo("PDF against PNG: mean %.3f/255, %.3f%% within 32/255", fromPdfDiff.mean, 100 * fromPdfDiff.within);
        QVERIFY(agrees(svg));
        QVERIFY(agrees(fromPdfDiff));

        ScatterFigure figure(content, png);
        const QRectF target(0, 0, 900, 675);
        std::vector<int> rows{0, 1, 2}; // the front points
        for (int i = 0; i < 4; ++i)
            rows.push_back(int(kKnownPoints) - 4 + i);
        for (int row : rows) {
            QPointF at;
            QVERIFY(figure.project(row, target, &at));
            const QColor expected = content.colouring.colour(content.data.values()[std::size_t(row)]).toQColor();
            for (const QImage* image : std::initializer_list<const QImage*>{&reference, &fromSvg, &fromPdf}) {
                const QColor c = image->pixelColor(int(at.x()), int(at.y()));
                const int worst = std::max({std::abs(c.red() - expected.red()), std::abs(c.green() - expected.green()),
                                            std::abs(c.blue() - expected.blue())});
                QVERIFY2(worst <= 3, qPrintable(QStringLiteral("row %1: %2 instead of %3").arg(row).arg(c.name(), expected.name())));
            }
        }

        // And a figure that is wrong (the points moved) does not pass.
        ScatterFigureContent moved = content;
        moved.camera.position = {0.5, 0, 10};
        moved.camera.focalPoint = {0.5, 0, 0};
        QImage wrong;
        QVERIFY(wrong.loadFromData(render(moved, png), "PNG"));
        const Difference w = compare(wrong, reference, 32);
        QVERIFY2(!agrees(w), qPrintable(QStringLiteral("moved: mean %1, within %2").arg(w.mean).arg(w.within)));
    }

    void sameContentGivesSameBytes()
    {
        const ScatterFigureContent content = knownContent();
        for (FigureOptions::Format format : {FigureOptions::Format::Svg, FigureOptions::Format::Png, FigureOptions::Format::Pdf}) {
            const QByteArray first = render(content, optionsFor(format));
            QThread::msleep(1100); // a second later: a date written into the file would change
            const QByteArray second = render(content, optionsFor(format));
            QVERIFY2(!first.isEmpty() && first == second, qPrintable(FigureOptions::suffixOf(format)));
        }
        // The PDF's date is fixed, and it still opens.
        const QString pdf = write(QStringLiteral("same.pdf"), render(content, optionsFor(FigureOptions::Format::Pdf)));
        const QString info = runTool(QStringLiteral("pdfinfo"), {pdf});
        QVERIFY2(info.contains(QLatin1String("2000")), qPrintable(info));
    }

    void flatVariantHasLabelledAxes()
    {
        const ScatterFigureContent content = knownContent();
        FigureOptions o = optionsFor(FigureOptions::Format::Svg);
        o.view = FigureOptions::View::TwoD;
        ScatterFigure::Stats stats;
        const QByteArray svg = render(content, o, &stats);
        QCOMPARE(stats.pointsDrawn + stats.pointsHidden, kKnownPoints);
        QCOMPARE(stats.pointsOutside, std::size_t(0));
        QCOMPARE(stats.pointsHidden, std::size_t(kBehind)); // the same points behind (z) the front ones
        QCOMPARE(countOf(svg, "<circle "), int(stats.pointsDrawn));
        const QStringList texts = svgTexts(svg);
        QVERIFY2(texts.contains(QStringLiteral("PC 1 (38.0%)")), qPrintable(texts.join('|')));
        QVERIFY(texts.contains(QStringLiteral("PC 2 (21.5%)")));
        QVERIFY(!texts.contains(QStringLiteral("PC 3 (9.1%)")));
        QVERIFY(texts.contains(QStringLiteral("0")));
        QVERIFY(texts.contains(QString(QChar(0x2212)) + QStringLiteral("1"))); // a tick left of 0, with a minus sign

        // A point lands where its coordinates say: x right, y up, in the plot.
        ScatterFigure figure(content, o);
        const QRectF target(0, 0, 900, 675);
        const QRectF plot = figure.plotRect(target);
        QVERIFY2(target.contains(plot) && plot.width() > 500 && plot.height() > 400, qPrintable(QStringLiteral("%1 x %2").arg(plot.width()).arg(plot.height())));
        QPointF left, right, top;
        QVERIFY(figure.project(kKnownPoints - 4, target, &left));  // (-1.5, 1)
        QVERIFY(figure.project(kKnownPoints - 3, target, &right)); // (1.5, 1)
        QVERIFY(figure.project(kKnownPoints - 1, target, &top));   // (1.5, -1)
        QVERIFY(left.x() < right.x() && std::abs(left.y() - right.y()) < 1e-9 && top.y() > right.y());
        QVERIFY(plot.contains(left) && plot.contains(top));
    }

    void categoriesGetALegend()
    {
        ScatterFigureContent content = knownContent();
        std::vector<int> codes(content.data.pointCount());
        for (std::size_t i = 0; i < codes.size(); ++i)
            codes[i] = int(i % 3);
        content.data.setCategories(codes, {"lr 0.001", "lr 0.01", "lr 0.1"});
        content.colouring.setMode(ScatterColouring::Mode::Categorical, 3);
        const QByteArray svg = render(content, optionsFor(FigureOptions::Format::Svg));
        const QStringList texts = svgTexts(svg);
        for (const char* name : {"lr 0.001", "lr 0.01", "lr 0.1"})
            QVERIFY2(texts.contains(QLatin1String(name)), qPrintable(texts.join('|')));
        QCOMPARE(countOf(svg, "<linearGradient"), 0);
        // The points are in the palette's colours.
        QVERIFY(ellipseFills(svg).contains(ColorMap::category(2).name()));
        QVERIFY(svg.contains(ColorMap::category(1).name().toLatin1())); // a swatch (and points)
    }

    void selectionAndGeneratedModelsAreDrawn()
    {
        ScatterFigureContent content = knownContent();
        content.data.setHighlightedRows({int(kKnownPoints) - 1, int(kKnownPoints) - 2});
        content.data.setGeneratedPoints({0.0f, -1.5f, 0.0f, 0.7f, -1.5f, 0.0f}, {0.3, 0.4});
        content.data.setTrajectories({{int(kKnownPoints) - 4, int(kKnownPoints) - 3, int(kKnownPoints) - 1}});
        FigureOptions o = optionsFor(FigureOptions::Format::Svg);
        ScatterFigure::Stats stats;
        const QByteArray svg = render(content, o, &stats);
        QCOMPARE(stats.highlightsDrawn, std::size_t(2));
        QCOMPARE(stats.generatedDrawn, std::size_t(2));
        QCOMPARE(stats.trajectoriesDrawn, std::size_t(1));
        QCOMPARE(countOf(svg, "<circle "), int(stats.pointsDrawn));
        QVERIFY(svg.contains("#d900a6")); // the ring's magenta (0.85, 0, 0.65)
        QVERIFY(countOf(svg, "<polyline") >= 1);
        o.selection = o.generated = o.trajectories = false;
        render(content, o, &stats);
        QCOMPARE(stats.highlightsDrawn + stats.generatedDrawn + stats.trajectoriesDrawn, std::size_t(0));
    }

    // 100,000 points: most are covered by nearer ones; every other one is drawn; the files stay small,
    // and leaving the covered ones out changes no pixel.
    void largeFigureStaysSmall()
    {
        const ScatterFigureContent content = largeContent();
        FigureOptions o = optionsFor(FigureOptions::Format::Svg);
        o.sizeUnit = FigureOptions::SizeUnit::Millimetres;
        o.width = FigureOptions::kOneColumnMm;
        o.height = 0;
        ScatterFigure::Stats stats;
        const QByteArray svg = render(content, o, &stats);
        qInfo("100,000 points: %zu drawn, %zu hidden, %zu outside; SVG %lld bytes", stats.pointsDrawn, stats.pointsHidden,
              stats.pointsOutside, qint64(svg.size()));
        QVERIFY(stats.pointsHidden > 0);
        QCOMPARE(stats.pointsOutside, std::size_t(0));
        QCOMPARE(stats.pointsDrawn + stats.pointsHidden, std::size_t(100000));
        QCOMPARE(countOf(svg, "<circle "), int(stats.pointsDrawn));
        QVERIFY2(svg.size() < 12 * 1024 * 1024, qPrintable(QString::number(svg.size())));

        o.format = FigureOptions::Format::Pdf;
        ScatterFigure::Stats pdfStats;
        const QByteArray pdf = render(content, o, &pdfStats);
        qInfo("PDF %lld bytes", qint64(pdf.size()));
        QCOMPARE(pdfStats.pointsDrawn, stats.pointsDrawn);
        QVERIFY2(pdf.size() < 4 * 1024 * 1024, qPrintable(QString::number(pdf.size())));

        // Without the title and colour bar the coverage cells are the PNG's pixels: the covered points
        // contribute nothing, to the last bit.
        o.format = FigureOptions::Format::Png;
        o.title.clear();
        o.colorBar = false;
        QImage culled, full;
        ScatterFigure::Stats pngStats;
        QVERIFY(culled.loadFromData(render(content, o, &pngStats), "PNG"));
        QVERIFY(full.loadFromData(render(content, o, nullptr, false), "PNG"));
        QVERIFY(pngStats.pointsHidden > 0);
        const Difference d = compare(culled, full, 0);
        QVERIFY2(d.within == 1.0, qPrintable(QStringLiteral("mean %1, within %2").arg(d.mean).arg(d.within)));
    }

    void writerChecksOptionsAndWritesAtomically()
    {
        FigureOptions o = optionsFor(FigureOptions::Format::Svg);
        o.dpi = 5000;
        const auto paint = [](QPainter&, const QRectF&) {};
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, FigureWriter::render(o, paint));
        o.dpi = 300;
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 FigureWriter::write(m_dir.filePath(QStringLiteral("missing/folder/f.svg")), o, paint));
        const QString path = m_dir.filePath(QStringLiteral("written.svg"));
        const ScatterFigureContent content = knownContent();
        ScatterFigure figure(content, o);
        FigureWriter::write(path, o, [&](QPainter& p, const QRectF& r) { figure.paint(p, r); });
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), render(content, o));
        // SVG size in millimetres at the options' dpi, and its title.
        QVERIFY(render(content, o).contains("<title>Latent space of the zoo</title>"));
    }

    void chartExportsAsVectors()
    {
        QCustomPlot chart;
        fillChart(chart);
        const QFont before = chart.xAxis->labelFont();

        FigureOptions o = optionsFor(FigureOptions::Format::Svg);
        o.title = QStringLiteral("Training curves");
        o.fontFamily = QStringLiteral("DejaVu Serif");
        const auto paint = [&](QPainter& p, const QRectF& r) { ChartFigure(&chart, o).paint(p, r); };
        const QByteArray svg = FigureWriter::render(o, paint);
        QCOMPARE(countOf(svg, "<image"), 0);
        const QStringList texts = svgTexts(svg);
        QVERIFY2(texts.contains(QStringLiteral("Training curves")), qPrintable(texts.join('|')));
        QVERIFY(texts.contains(QStringLiteral("Epoch")) && texts.contains(QStringLiteral("Loss")));
        QVERIFY(texts.contains(QStringLiteral("training loss")));
        QVERIFY(svg.contains("DejaVu Serif"));
        QCOMPARE(chart.xAxis->labelFont(), before); // the chart on screen is as it was

        o.format = FigureOptions::Format::Pdf;
        const QString pdf = write(QStringLiteral("chart.pdf"), FigureWriter::render(o, paint));
        const QString images = runTool(QStringLiteral("pdfimages"), {QStringLiteral("-list"), pdf});
        QVERIFY2(!images.startsWith(QLatin1String("FAILED")) && tableRows(images).isEmpty(), qPrintable(images));
        const QString text = runTool(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
        QVERIFY2(text.contains(QLatin1String("Training curves")) && text.contains(QLatin1String("Epoch")), qPrintable(text));
        const QString fonts = runTool(QStringLiteral("pdffonts"), {pdf});
        QVERIFY2(fonts.contains(QLatin1String("DejaVuSerif")), qPrintable(fonts));
        // The same bytes again.
        QCOMPARE(FigureWriter::render(o, paint), FigureWriter::render(o, paint));

        // The PNG: the curve is drawn (dark pixels in the plot), on white.
        o.format = FigureOptions::Format::Png;
        QImage image;
        QVERIFY(image.loadFromData(FigureWriter::render(o, paint), "PNG"));
        QCOMPARE(image.pixelColor(2, 2), QColor(Qt::white));
        int dark = 0;
        for (int yy = 0; yy < image.height(); yy += 2)
            for (int xx = 0; xx < image.width(); xx += 2)
                dark += qGray(image.pixel(xx, yy)) < 128 ? 1 : 0;
        QVERIFY(dark > 200);
    }
};

QTEST_MAIN(TestFigure)
#include "tst_figure.moc"
