#include "widgets/FigureExportDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace zooscope {

namespace {

constexpr double kMmPerInch = 25.4;
// The spin boxes allow more than FigureOptions::validate() does, so that the dialog can say what is wrong
// instead of silently clamping.
constexpr double kMaxLength = 99999;

QString fileFilter(FigureOptions::Format format)
{
    switch (format) {
    case FigureOptions::Format::Svg: return FigureExportDialog::tr("SVG vector figure (*.svg)");
    case FigureOptions::Format::Pdf: return FigureExportDialog::tr("PDF vector figure (*.pdf)");
    case FigureOptions::Format::Png: return FigureExportDialog::tr("PNG image (*.png)");
    }
    return {};
}

} // namespace

FigureExportDialog::FigureExportDialog(QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("figureExportDialog"));
    setWindowTitle(tr("Export Figure"));
    auto* layout = new QVBoxLayout(this);

    // File and format
    auto* fileBox = new QGroupBox(tr("File"), this);
    auto* fileForm = new QFormLayout(fileBox);
    auto* fileRow = new QHBoxLayout;
    m_file = new QLineEdit(fileBox);
    m_file->setObjectName(QStringLiteral("fileNameEdit"));
    m_browse = new QPushButton(tr("Browse..."), fileBox);
    m_browse->setObjectName(QStringLiteral("browseButton"));
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(m_browse);
    fileForm->addRow(tr("File name:"), fileRow);
    m_format = new QComboBox(fileBox);
    m_format->setObjectName(QStringLiteral("formatCombo"));
    m_format->addItem(tr("SVG (vector)"), int(FigureOptions::Format::Svg));
    m_format->addItem(tr("PDF (vector, fonts embedded)"), int(FigureOptions::Format::Pdf));
    m_format->addItem(tr("PNG (image)"), int(FigureOptions::Format::Png));
    fileForm->addRow(tr("Format:"), m_format);
    layout->addWidget(fileBox);

    // Size and resolution
    auto* sizeBox = new QGroupBox(tr("Size"), this);
    auto* sizeForm = new QFormLayout(sizeBox);
    m_preset = new QComboBox(sizeBox);
    m_preset->setObjectName(QStringLiteral("sizePresetCombo"));
    m_preset->addItem(tr("Custom"));
    m_preset->addItem(tr("One column (89 mm)"));
    m_preset->addItem(tr("Two columns (183 mm)"));
    sizeForm->addRow(tr("Preset:"), m_preset);
    m_unit = new QComboBox(sizeBox);
    m_unit->setObjectName(QStringLiteral("sizeUnitCombo"));
    m_unit->addItem(tr("Millimetres"), int(FigureOptions::SizeUnit::Millimetres));
    m_unit->addItem(tr("Pixels"), int(FigureOptions::SizeUnit::Pixels));
    sizeForm->addRow(tr("Unit:"), m_unit);
    m_width = new QDoubleSpinBox(sizeBox);
    m_width->setObjectName(QStringLiteral("widthSpin"));
    sizeForm->addRow(tr("Width:"), m_width);
    m_height = new QDoubleSpinBox(sizeBox);
    m_height->setObjectName(QStringLiteral("heightSpin"));
    m_height->setSpecialValueText(tr("Automatic (3:4 of the width)"));
    m_height->setToolTip(tr("0: three quarters of the width"));
    sizeForm->addRow(tr("Height:"), m_height);
    m_dpi = new QSpinBox(sizeBox);
    m_dpi->setObjectName(QStringLiteral("dpiSpin"));
    m_dpi->setRange(FigureOptions::kMinDpi, FigureOptions::kMaxDpi);
    m_dpi->setSuffix(tr(" dpi"));
    m_dpi->setToolTip(tr("The pixels per inch of a PNG; recorded in SVG and PDF files"));
    sizeForm->addRow(tr("Resolution:"), m_dpi);
    m_sizeSummary = new QLabel(sizeBox);
    m_sizeSummary->setObjectName(QStringLiteral("sizeSummaryLabel"));
    m_sizeSummary->setWordWrap(true);
    sizeForm->addRow(QString(), m_sizeSummary);
    layout->addWidget(sizeBox);

    // Text and appearance
    auto* appearanceBox = new QGroupBox(tr("Appearance"), this);
    m_appearanceForm = new QFormLayout(appearanceBox);
    m_font = new QFontComboBox(appearanceBox);
    m_font->setObjectName(QStringLiteral("fontCombo"));
    m_appearanceForm->addRow(tr("Font:"), m_font);
    m_fontSize = new QDoubleSpinBox(appearanceBox);
    m_fontSize->setObjectName(QStringLiteral("fontSizeSpin"));
    m_fontSize->setRange(0, 200);
    m_fontSize->setDecimals(1);
    m_fontSize->setSingleStep(0.5);
    m_fontSize->setSuffix(tr(" pt"));
    m_appearanceForm->addRow(tr("Font size:"), m_fontSize);
    m_title = new QLineEdit(appearanceBox);
    m_title->setObjectName(QStringLiteral("titleEdit"));
    m_title->setPlaceholderText(tr("No title"));
    m_appearanceForm->addRow(tr("Title:"), m_title);
    m_background = new QComboBox(appearanceBox);
    m_background->setObjectName(QStringLiteral("backgroundCombo"));
    m_background->addItem(tr("White"));
    m_background->addItem(tr("Transparent"));
    m_appearanceForm->addRow(tr("Background:"), m_background);
    m_view = new QComboBox(appearanceBox);
    m_view->setObjectName(QStringLiteral("viewCombo"));
    m_view->addItem(tr("3D, as on screen"), int(FigureOptions::View::ThreeD));
    m_view->addItem(tr("2D, the first two components"), int(FigureOptions::View::TwoD));
    m_appearanceForm->addRow(tr("View:"), m_view);
    layout->addWidget(appearanceBox);

    // Parts of the latent view
    m_include = new QGroupBox(tr("Include"), this);
    m_include->setObjectName(QStringLiteral("includeGroup"));
    auto* includeLayout = new QVBoxLayout(m_include);
    const auto check = [this, includeLayout](const QString& text, const char* name) {
        auto* box = new QCheckBox(text, m_include);
        box->setObjectName(QLatin1String(name));
        includeLayout->addWidget(box);
        return box;
    };
    m_colorBar = check(tr("Colour bar or legend"), "colorBarCheck");
    m_axes = check(tr("Axes (with explained variance)"), "axesCheck");
    m_selection = check(tr("Selection highlight"), "selectionCheck");
    m_generated = check(tr("Generated models"), "generatedCheck");
    m_trajectories = check(tr("Trajectories"), "trajectoriesCheck");
    auto* hoverNote = new QLabel(tr("The hover card is never included."), m_include);
    hoverNote->setEnabled(false);
    includeLayout->addWidget(hoverNote);
    layout->addWidget(m_include);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    QPalette palette = m_problem->palette();
    palette.setColor(QPalette::WindowText, QColor(176, 0, 32));
    m_problem->setPalette(palette);
    layout->addWidget(m_problem);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    QPushButton* ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("Export"));
    ok->setObjectName(QStringLiteral("exportButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (problem().isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);

    connect(m_browse, &QPushButton::clicked, this, &FigureExportDialog::browse);
    connect(m_format, &QComboBox::currentIndexChanged, this, &FigureExportDialog::formatChosen);
    connect(m_file, &QLineEdit::textChanged, this, &FigureExportDialog::fileNameEdited);
    connect(m_unit, &QComboBox::currentIndexChanged, this, &FigureExportDialog::unitChosen);
    connect(m_preset, &QComboBox::currentIndexChanged, this, &FigureExportDialog::presetChosen);
    connect(m_width, &QDoubleSpinBox::valueChanged, this, &FigureExportDialog::sizeEdited);
    connect(m_height, &QDoubleSpinBox::valueChanged, this, &FigureExportDialog::sizeEdited);
    connect(m_dpi, &QSpinBox::valueChanged, this, &FigureExportDialog::sizeEdited);
    connect(m_font, &QComboBox::currentTextChanged, this, &FigureExportDialog::updateState);
    connect(m_fontSize, &QDoubleSpinBox::valueChanged, this, &FigureExportDialog::updateState);

    setOptions(FigureOptions{});
    setMinimumWidth(440);
}

void FigureExportDialog::setChartMode(bool chart)
{
    m_chartMode = chart;
    m_appearanceForm->setRowVisible(m_view, !chart);
    m_include->setVisible(!chart);
    setWindowTitle(chart ? tr("Export Chart") : tr("Export Figure"));
    adjustSize();
}

FigureOptions::SizeUnit FigureExportDialog::unit() const
{
    return FigureOptions::SizeUnit(m_unit->currentData().toInt());
}

double FigureExportDialog::fromMm(double mm) const
{
    return unit() == FigureOptions::SizeUnit::Millimetres ? mm : mm / kMmPerInch * m_dpi->value();
}

double FigureExportDialog::toMm(double value) const
{
    return unit() == FigureOptions::SizeUnit::Millimetres ? value : value / m_dpi->value() * kMmPerInch;
}

void FigureExportDialog::setSizeRanges(FigureOptions::SizeUnit unit)
{
    const bool mm = unit == FigureOptions::SizeUnit::Millimetres;
    for (QDoubleSpinBox* spin : {m_width, m_height}) {
        spin->setDecimals(mm ? 1 : 0);
        spin->setRange(0, kMaxLength);
        spin->setSingleStep(mm ? 1 : 10);
        spin->setSuffix(mm ? tr(" mm") : tr(" px"));
    }
}

FigureOptions FigureExportDialog::options() const
{
    FigureOptions o = m_base;
    o.format = FigureOptions::Format(m_format->currentData().toInt());
    o.sizeUnit = unit();
    o.width = m_width->value();
    o.height = m_height->value();
    o.dpi = m_dpi->value();
    o.fontFamily = m_font->currentText().trimmed();
    o.fontSize = m_fontSize->value();
    o.transparent = m_background->currentIndex() == 1;
    o.title = m_title->text();
    o.view = FigureOptions::View(m_view->currentData().toInt());
    o.colorBar = m_colorBar->isChecked();
    o.axes = m_axes->isChecked();
    o.selection = m_selection->isChecked();
    o.generated = m_generated->isChecked();
    o.trajectories = m_trajectories->isChecked();
    return o;
}

void FigureExportDialog::setOptions(const FigureOptions& o)
{
    m_updating = true;
    m_base = o;
    m_format->setCurrentIndex(m_format->findData(int(o.format)));
    m_unit->setCurrentIndex(m_unit->findData(int(o.sizeUnit)));
    setSizeRanges(o.sizeUnit);
    m_dpi->setValue(o.dpi);
    m_width->setValue(o.width);
    m_height->setValue(o.height);
    m_font->setCurrentFont(QFont(o.fontFamily));
    if (m_font->currentText() != o.fontFamily)
        m_font->setEditText(o.fontFamily); // not installed here: kept as asked
    m_fontSize->setValue(o.fontSize);
    m_background->setCurrentIndex(o.transparent ? 1 : 0);
    m_title->setText(o.title);
    m_view->setCurrentIndex(m_view->findData(int(o.view)));
    m_colorBar->setChecked(o.colorBar);
    m_axes->setChecked(o.axes);
    m_selection->setChecked(o.selection);
    m_generated->setChecked(o.generated);
    m_trajectories->setChecked(o.trajectories);
    m_updating = false;
    // The file name follows the format.
    formatChosen();
    sizeEdited();
}

QString FigureExportDialog::fileName() const { return m_file->text().trimmed(); }

void FigureExportDialog::setFileName(const QString& file) { m_file->setText(file); }

void FigureExportDialog::browse()
{
    const auto format = FigureOptions::Format(m_format->currentData().toInt());
    QStringList filters;
    for (auto f : {FigureOptions::Format::Svg, FigureOptions::Format::Pdf, FigureOptions::Format::Png})
        filters << fileFilter(f);
    QString selected = fileFilter(format);
    QString file = QFileDialog::getSaveFileName(this, windowTitle(), fileName(), filters.join(QStringLiteral(";;")), &selected);
    if (file.isEmpty())
        return;
    if (QFileInfo(file).suffix().isEmpty()) {
        const int i = int(filters.indexOf(selected));
        file += QLatin1Char('.') + FigureOptions::suffixOf(i >= 0 ? FigureOptions::Format(i) : format);
    }
    setFileName(file);
}

void FigureExportDialog::formatChosen()
{
    if (m_updating)
        return;
    const QString suffix = FigureOptions::suffixOf(FigureOptions::Format(m_format->currentData().toInt()));
    QString file = m_file->text();
    if (file.trimmed().isEmpty()) {
        updateState();
        return;
    }
    if (FigureOptions::formatOf(file))
        file.chop(QFileInfo(file).suffix().size() + 1);
    else if (file.endsWith(QLatin1Char('.')))
        file.chop(1);
    file += QLatin1Char('.') + suffix;
    if (file != m_file->text())
        m_file->setText(file); // fileNameEdited sets the same format again
    updateState();
}

void FigureExportDialog::fileNameEdited()
{
    if (const auto format = FigureOptions::formatOf(fileName())) {
        m_updating = true;
        m_format->setCurrentIndex(m_format->findData(int(*format)));
        m_updating = false;
    }
    updateState();
}

void FigureExportDialog::unitChosen()
{
    if (m_updating)
        return;
    // The same physical size in the other unit.
    const bool toPixels = unit() == FigureOptions::SizeUnit::Pixels;
    const double dpi = m_dpi->value();
    const auto convert = [&](double v) { return toPixels ? v / kMmPerInch * dpi : v / dpi * kMmPerInch; };
    const double width = convert(m_width->value()), height = convert(m_height->value());
    m_updating = true;
    setSizeRanges(unit());
    m_width->setValue(width);
    m_height->setValue(height);
    m_updating = false;
    sizeEdited();
}

void FigureExportDialog::presetChosen()
{
    if (m_updating)
        return;
    const int preset = m_preset->currentIndex() - 1;
    if (preset < 0 || preset >= int(std::size(kPresetWidthsMm)))
        return;
    m_updating = true;
    m_width->setValue(fromMm(kPresetWidthsMm[preset]));
    m_updating = false;
    sizeEdited();
}

void FigureExportDialog::sizeEdited()
{
    if (m_updating)
        return;
    // The preset whose width this is (within the spin box's precision), or Custom.
    const double tolerance = unit() == FigureOptions::SizeUnit::Millimetres ? 0.05 : 0.5 / m_dpi->value() * kMmPerInch;
    const double widthMm = toMm(m_width->value());
    int match = 0;
    for (int i = 0; i < int(std::size(kPresetWidthsMm)); ++i)
        if (std::abs(widthMm - kPresetWidthsMm[i]) <= tolerance + 1e-9)
            match = i + 1;
    m_updating = true;
    m_preset->setCurrentIndex(match);
    m_updating = false;
    updateState();
}

QString FigureExportDialog::problem() const
{
    const QString file = fileName();
    if (file.isEmpty())
        return tr("Choose a file name.");
    if (!FigureOptions::formatOf(file))
        return tr("The file name must end in .svg, .pdf or .png.");
    const QFileInfo info(file);
    if (!info.absoluteDir().exists())
        return tr("The folder %1 does not exist.").arg(QDir::toNativeSeparators(info.absolutePath()));
    if (info.isDir())
        return tr("%1 is a folder.").arg(QDir::toNativeSeparators(info.absoluteFilePath()));

    const FigureOptions o = options();
    const QString invalid = o.validate();
    if (invalid.isEmpty())
        return {};
    // validate()'s reasons, for the user in their language.
    if (!(o.dpi >= FigureOptions::kMinDpi && o.dpi <= FigureOptions::kMaxDpi))
        return tr("The resolution must be %1 to %2 dpi.").arg(FigureOptions::kMinDpi).arg(FigureOptions::kMaxDpi);
    if (!(o.width > 0))
        return tr("The width must be more than 0.");
    if (!(o.height >= 0))
        return tr("The height must not be negative.");
    if (o.widthMm() > 2000 || o.heightMm() > 2000)
        return tr("The figure may be at most 2000 mm wide and high.");
    const QSize px = o.pixelSize();
    if (px.width() < 16 || px.height() < 16)
        return tr("The figure must be at least 16 pixels wide and high at %1 dpi.").arg(o.dpi);
    if (px.width() > 20000 || px.height() > 20000)
        return tr("The figure may be at most 20000 pixels wide and high at %1 dpi.").arg(o.dpi);
    if (!(o.fontSize >= 2 && o.fontSize <= 72))
        return tr("The font size must be 2 to 72 points.");
    if (o.fontFamily.isEmpty())
        return tr("Choose a font.");
    return invalid;
}

void FigureExportDialog::updateState()
{
    if (m_updating)
        return;
    const FigureOptions o = options();
    if (o.width > 0 && o.height >= 0) {
        const QSize px = o.pixelSize();
        m_sizeSummary->setText(tr("%1 x %2 mm, %3 x %4 pixels at %5 dpi")
                                   .arg(o.widthMm(), 0, 'f', 1)
                                   .arg(o.heightMm(), 0, 'f', 1)
                                   .arg(px.width())
                                   .arg(px.height())
                                   .arg(o.dpi));
    } else {
        m_sizeSummary->clear();
    }
    const QString why = problem();
    m_problem->setText(why);
    QPushButton* ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(why.isEmpty());
    ok->setToolTip(why);
}

} // namespace zooscope
