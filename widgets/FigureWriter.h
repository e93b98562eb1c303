// The one way a figure reaches a file: SVG (QSvgGenerator), PDF (QPdfWriter, fonts embedded) or PNG
// (QImage at the options' dpi, white or transparent), at the options' size, through AtomicFile. Painters
// draw into `target` in device units; FigureOptions::unitsPerPoint() converts typographic points, and fonts
// set in points come out right because every device's logical resolution is the options' dpi. The same
// input gives the same bytes (the PDF's creation date and document id are fixed), so figures can be
// compared and kept under version control.
#pragma once

#include "widgets/FigureOptions.h"

#include <QRectF>
#include <QString>

#include <functional>

class QPainter;

namespace zooscope {

class FigureWriter {
public:
    using Paint = std::function<void(QPainter& painter, const QRectF& target)>;

    // Writes `file` in options.format. Throws std::runtime_error with a message for the user (options
    // invalid, folder missing, disk full); the file is then untouched.
    static void write(const QString& file, const FigureOptions& options, const Paint& paint);
    // The bytes write() would put in the file.
    static QByteArray render(const FigureOptions& options, const Paint& paint);
};

} // namespace zooscope
