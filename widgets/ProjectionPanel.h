#pragma once

#include "widgets/ColorMap.h"

#include <QWidget>

#include <array>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace zooscope {

// How the 3D view shows the points: the projection (PCA with explained variance, t-SNE 3D, or three
// axes of the representation itself) and what colours and sizes the points. Choosing a projection
// asks for it (projectionRequested); its parameters take effect with Run.
class ProjectionPanel : public QWidget {
    Q_OBJECT
public:
    explicit ProjectionPanel(QWidget* parent = nullptr);

    // Method ids: "pca", "tsne", "axes".
    QString method() const;
    // Selects a method and asks for it; false for an unknown id.
    bool setMethod(const QString& id);
    double perplexity() const;
    void setPerplexity(double perplexity);
    int iterations() const;
    void setIterations(int iterations);
    std::array<int, 3> axes() const; // 0-based
    void setAxes(const std::array<int, 3>& axes);

    // What is projected: its width and a description ("latents of ... (32-d)").
    void setSource(int dimensions, const QString& description);
    void setProjectionDescription(const QString& text);
    void setBusy(bool busy);

    // Properties for "colour by" (all) and "size by" (the continuous ones).
    void setProperties(const QStringList& ids, const QStringList& titles, const QList<bool>& categorical);
    QString colorBy() const;
    bool setColorBy(const QString& id);
    QString sizeBy() const; // empty: uniform size
    bool setSizeBy(const QString& id);
    ColorMap::Name colorMap() const;
    void setColorMap(ColorMap::Name name);
    bool colorMapReversed() const;
    void setColorMapReversed(bool reversed);
    double pointSize() const;
    void setPointSize(double pixels);

    QComboBox* methodCombo() const { return m_method; }
    QComboBox* colorByCombo() const { return m_colorBy; }
    QComboBox* sizeByCombo() const { return m_sizeBy; }
    QPushButton* runButton() const { return m_run; }
    QLabel* descriptionLabel() const { return m_description; }

signals:
    void projectionRequested();
    // Perplexity, iterations or axes were edited (they apply at the next projection, Run or automatic).
    void parametersEdited();
    void colorByChanged(const QString& id);
    void colorMapChanged();
    void sizeByChanged(const QString& id);
    void pointSizeChanged(double pixels);

private:
    void updateParameterVisibility();

    QComboBox* m_method = nullptr;
    QDoubleSpinBox* m_perplexity = nullptr;
    QSpinBox* m_iterations = nullptr;
    std::array<QSpinBox*, 3> m_axes{};
    QWidget* m_tsneParameters = nullptr;
    QWidget* m_axesParameters = nullptr;
    QPushButton* m_run = nullptr;
    QLabel* m_source = nullptr;
    QLabel* m_description = nullptr;
    QComboBox* m_colorBy = nullptr;
    QComboBox* m_colorMap = nullptr;
    QCheckBox* m_reverse = nullptr;
    QComboBox* m_sizeBy = nullptr;
    QSlider* m_pointSize = nullptr;
};

} // namespace zooscope
