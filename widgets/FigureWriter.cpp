#include "widgets/FigureWriter.h"

#include "core/AtomicFile.h"

#include <QBuffer>
#include <QByteArray>
#include <QCryptographicHash>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <cctype>
#include <cmath>
#include <stdexcept>

namespace zooscope {

namespace {

constexpr double kInchesPerMetre = 1.0 / 0.0254;

QString titleOf(const FigureOptions& options)
{
    return options.title.isEmpty() ? QStringLiteral("ZooScope figure") : options.title;
}

// Qt's PDF writer stamps each file with the time it was written (the Info dictionary's /CreationDate and
// the XMP metadata's xmp:CreateDate / xmp:ModifyDate / xmp:MetadataDate) and a random document and instance
// id (xmpMM:DocumentID, xmpMM:InstanceID, the trailer's /ID). The cross-reference table holds byte offsets, so
// a changed length would break the file; every field is therefore overwritten IN PLACE with text of exactly
// its own length: digits of dates become a fixed date, hexadecimal digits of ids become the digits of a
// hash of the rest of the file (the same drawing gives the same id). Each rewrite is checked to keep the
// length; a PDF with none of the expected fields (a different Qt) is left as it was.
// Replaces the digits in pdf[from, from + length) with those of `fixed`, keeping every other character.
void fixDigits(QByteArray& pdf, qsizetype from, qsizetype length, const QByteArray& fixed)
{
    qsizetype k = 0;
    for (qsizetype i = from; i < from + length && i < pdf.size(); ++i)
        if (pdf[i] >= '0' && pdf[i] <= '9')
            pdf[i] = k < fixed.size() ? fixed[k++] : '0';
}

// Every hexadecimal digit in pdf[from, from + length) from the digest, in turn.
void fixHex(QByteArray& pdf, qsizetype from, qsizetype length, const QByteArray& digestHex)
{
    qsizetype k = 0;
    for (qsizetype i = from; i < from + length && i < pdf.size(); ++i) {
        const char c = pdf[i];
        const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (hex) {
            const char d = digestHex[k++ % digestHex.size()];
            pdf[i] = (c >= 'A' && c <= 'F') ? char(std::toupper(d)) : d;
        }
    }
}

// Every occurrence of `key` followed by a value ending at one of `ends`: its digits (or hex digits) fixed.
template <typename Fix>
void fixAfter(QByteArray& pdf, const QByteArray& key, const QByteArray& ends, Fix fix)
{
    qsizetype at = 0;
    while ((at = pdf.indexOf(key, at)) >= 0) {
        const qsizetype start = at + key.size();
        qsizetype end = start;
        while (end < pdf.size() && !ends.contains(pdf[end]))
            ++end;
        fix(pdf, start, end - start);
        at = end;
    }
}

void makePdfReproducible(QByteArray& pdf)
{
    const qsizetype before = pdf.size();
    // A fixed date, 2000-01-01 00:00:00 UTC, in each date's own notation ("D:20000101000000+00'00'" in the
    // Info dictionary, "2000-01-01T00:00:00+00:00" in XMP): only digits change.
    const QByteArray date = QByteArrayLiteral("20000101000000000000");
    const auto dates = [&](QByteArray& b, qsizetype from, qsizetype length) { fixDigits(b, from, length, date); };
    fixAfter(pdf, "/CreationDate (", ")", dates);
    fixAfter(pdf, "/ModDate (", ")", dates);
    for (const char* key : {"<xmp:CreateDate>", "<xmp:ModifyDate>", "<xmp:MetadataDate>"})
        fixAfter(pdf, key, "<", dates);

    // Ids: the hex digits of a hash of the file with dates fixed and ids zeroed.
    QByteArray zeroed = pdf;
    const auto zero = [](QByteArray& b, qsizetype from, qsizetype length) { fixHex(b, from, length, "0"); };
    const char* idKeys[] = {"<xmpMM:DocumentID>", "<xmpMM:InstanceID>"};
    for (const char* key : idKeys)
        fixAfter(zeroed, key, "<", zero);
    fixAfter(zeroed, "/ID [", "]", zero);
    const QByteArray digest = QCryptographicHash::hash(zeroed, QCryptographicHash::Sha256).toHex();
    const auto ids = [&](QByteArray& b, qsizetype from, qsizetype length) {
        // "uuid:" prefixes keep their letters: only the part after the colon is an id.
        const qsizetype colon = b.indexOf(':', from);
        const qsizetype skip = colon >= 0 && colon < from + length ? colon + 1 - from : 0;
        fixHex(b, from + skip, length - skip, digest);
    };
    for (const char* key : idKeys)
        fixAfter(pdf, key, "<", ids);
    fixAfter(pdf, "/ID [", "]", ids);
    if (pdf.size() != before)
        throw std::logic_error("FigureWriter: the PDF's length changed while fixing its dates and ids");
}

QByteArray renderSvg(const FigureOptions& options, const FigureWriter::Paint& paint)
{
    const QSize size = options.pixelSize();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setResolution(options.dpi);
    svg.setTitle(titleOf(options));
    svg.setDescription(QStringLiteral("Made with ZooScope"));
    QPainter painter;
    if (!painter.begin(&svg))
        throw std::runtime_error("could not start the SVG figure");
    painter.setRenderHint(QPainter::Antialiasing);
    paint(painter, QRectF(QPointF(0, 0), QSizeF(size)));
    painter.end();
    return buffer.data();
}

QByteArray renderPdf(const FigureOptions& options, const FigureWriter::Paint& paint)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter pdf(&buffer);
        pdf.setPageLayout(QPageLayout(QPageSize(QSizeF(options.widthMm(), options.heightMm()), QPageSize::Millimeter,
                                                QString(), QPageSize::ExactMatch),
                                      QPageLayout::Portrait, QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter,
                                      QMarginsF(0, 0, 0, 0)));
        pdf.setResolution(options.dpi);
        pdf.setCreator(QStringLiteral("ZooScope"));
        pdf.setTitle(titleOf(options));
        QPainter painter;
        if (!painter.begin(&pdf))
            throw std::runtime_error("could not start the PDF figure");
        painter.setRenderHint(QPainter::Antialiasing);
        // The page is whole points (1/72 inch) in Qt's PDF engine; the figure is laid out at the options'
        // pixel size (as the SVG and PNG are) and scaled onto the page, which differs from it by under a point.
        const QSize size = options.pixelSize();
        const double sx = double(pdf.width()) / size.width(), sy = double(pdf.height()) / size.height();
        if (std::abs(sx - 1.0) > 1e-9 || std::abs(sy - 1.0) > 1e-9)
            painter.scale(sx, sy);
        paint(painter, QRectF(QPointF(0, 0), QSizeF(size)));
        painter.end();
    }
    QByteArray bytes = buffer.data();
    makePdfReproducible(bytes);
    return bytes;
}

QByteArray renderPng(const FigureOptions& options, const FigureWriter::Paint& paint)
{
    const QSize size = options.pixelSize();
    QImage image(size, QImage::Format_ARGB32);
    if (image.isNull())
        throw std::runtime_error("not enough memory for a " + std::to_string(size.width()) + " x " +
                                 std::to_string(size.height()) + " pixel image");
    const int dotsPerMetre = int(std::lround(options.dpi * kInchesPerMetre));
    image.setDotsPerMeterX(dotsPerMetre);
    image.setDotsPerMeterY(dotsPerMetre);
    image.fill(options.transparent ? Qt::transparent : Qt::white);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        paint(painter, QRectF(QPointF(0, 0), QSizeF(size)));
    }
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG"))
        throw std::runtime_error("could not encode the PNG figure");
    return buffer.data();
}

} // namespace

QByteArray FigureWriter::render(const FigureOptions& options, const Paint& paint)
{
    const QString problem = options.validate();
    if (!problem.isEmpty())
        throw std::runtime_error(problem.toStdString());
    switch (options.format) {
    case FigureOptions::Format::Svg: return renderSvg(options, paint);
    case FigureOptions::Format::Pdf: return renderPdf(options, paint);
    case FigureOptions::Format::Png: return renderPng(options, paint);
    }
    throw std::runtime_error("unknown figure format");
}

void FigureWriter::write(const QString& file, const FigureOptions& options, const Paint& paint)
{
    const QByteArray bytes = render(options, paint);
    AtomicFile::write(file.toStdString(), std::string_view(bytes.constData(), std::size_t(bytes.size())));
}

} // namespace zooscope
