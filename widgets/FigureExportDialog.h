// The Export Figure dialog: where to write (SVG, PDF or PNG, kept in step with the file name's suffix),
// how large (millimetres with the journals' column presets, or pixels), resolution, font, background,
// title, and for the latent view whether it is 3D or 2D and which of its parts go in. It only edits a
// FigureOptions and a file name; the caller writes the figure (FigureWriter). Export stays disabled, with
// the reason shown, while the options or the file name cannot be used.
#pragma once

#include "widgets/FigureOptions.h"

#include <QDialog>
#include <QString>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QFontComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace zooscope {

class FigureExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit FigureExportDialog(QWidget* parent = nullptr);

    // Charts have no 3D or 2D view and none of the latent view's parts: their controls are hidden, and
    // options() keeps what setOptions() gave for them.
    void setChartMode(bool chart);
    bool chartMode() const { return m_chartMode; }

    FigureOptions options() const;
    void setOptions(const FigureOptions& options);
    QString fileName() const;
    // Also sets the format when the name's suffix is svg, pdf or png.
    void setFileName(const QString& file);

    // Why Export is disabled (translated); empty when the figure can be written.
    QString problem() const;

    // The size presets' widths in millimetres, in the preset list's order after "Custom".
    static constexpr double kPresetWidthsMm[] = {FigureOptions::kOneColumnMm, FigureOptions::kTwoColumnsMm};

private:
    void browse();
    void formatChosen();
    void fileNameEdited();
    void unitChosen();
    void presetChosen();
    void sizeEdited();
    void updateState();
    void setSizeRanges(FigureOptions::SizeUnit unit);
    FigureOptions::SizeUnit unit() const;
    // A length in the dialog's current unit from millimetres, and back.
    double fromMm(double mm) const;
    double toMm(double value) const;

    bool m_chartMode = false;
    bool m_updating = false;
    FigureOptions m_base; // what setOptions() gave, for the fields the dialog does not show
    QLineEdit* m_file = nullptr;
    QPushButton* m_browse = nullptr;
    QComboBox* m_format = nullptr;
    QComboBox* m_preset = nullptr;
    QComboBox* m_unit = nullptr;
    QDoubleSpinBox* m_width = nullptr;
    QDoubleSpinBox* m_height = nullptr;
    QSpinBox* m_dpi = nullptr;
    QLabel* m_sizeSummary = nullptr;
    QFontComboBox* m_font = nullptr;
    QDoubleSpinBox* m_fontSize = nullptr;
    QLineEdit* m_title = nullptr;
    QComboBox* m_background = nullptr;
    QFormLayout* m_appearanceForm = nullptr;
    QComboBox* m_view = nullptr;
    QGroupBox* m_include = nullptr;
    QCheckBox* m_colorBar = nullptr;
    QCheckBox* m_axes = nullptr;
    QCheckBox* m_selection = nullptr;
    QCheckBox* m_generated = nullptr;
    QCheckBox* m_trajectories = nullptr;
    QLabel* m_problem = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace zooscope
