#include "widgets/ProjectionPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace zooscope {

ProjectionPanel::ProjectionPanel(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("projectionPanel"));
    auto* layout = new QVBoxLayout(this);

    auto* projection = new QGroupBox(tr("Projection"), this);
    auto* pl = new QVBoxLayout(projection);
    auto* methodRow = new QHBoxLayout;
    m_method = new QComboBox(projection);
    m_method->setObjectName(QStringLiteral("projectionCombo"));
    m_method->addItem(tr("PCA"), QStringLiteral("pca"));
    m_method->addItem(tr("t-SNE (3D)"), QStringLiteral("tsne"));
    m_method->addItem(tr("Latent axes"), QStringLiteral("axes"));
    m_method->setToolTip(tr("How the representation becomes 3D: principal components, t-SNE, or three of its own axes"));
    m_run = new QPushButton(tr("Run"), projection);
    m_run->setObjectName(QStringLiteral("runProjectionButton"));
    m_run->setToolTip(tr("Project again with the parameters below"));
    methodRow->addWidget(m_method, 1);
    methodRow->addWidget(m_run);
    pl->addLayout(methodRow);

    m_tsneParameters = new QWidget(projection);
    auto* tf = new QFormLayout(m_tsneParameters);
    tf->setContentsMargins(0, 0, 0, 0);
    m_perplexity = new QDoubleSpinBox(m_tsneParameters);
    m_perplexity->setObjectName(QStringLiteral("perplexitySpin"));
    m_perplexity->setRange(2, 500);
    m_perplexity->setValue(30);
    m_iterations = new QSpinBox(m_tsneParameters);
    m_iterations->setObjectName(QStringLiteral("iterationsSpin"));
    m_iterations->setRange(50, 20000);
    m_iterations->setSingleStep(250);
    m_iterations->setValue(1000);
    tf->addRow(tr("Perplexity"), m_perplexity);
    tf->addRow(tr("Iterations"), m_iterations);
    pl->addWidget(m_tsneParameters);

    m_axesParameters = new QWidget(projection);
    auto* al = new QHBoxLayout(m_axesParameters);
    al->setContentsMargins(0, 0, 0, 0);
    const char* names[3] = {"axisXSpin", "axisYSpin", "axisZSpin"};
    const QString labels[3] = {tr("x"), tr("y"), tr("z")};
    for (int k = 0; k < 3; ++k) {
        m_axes[k] = new QSpinBox(m_axesParameters);
        m_axes[k]->setObjectName(QLatin1String(names[k]));
        m_axes[k]->setRange(1, 100000);
        m_axes[k]->setValue(k + 1);
        al->addWidget(new QLabel(labels[k], m_axesParameters));
        al->addWidget(m_axes[k], 1);
    }
    pl->addWidget(m_axesParameters);

    m_source = new QLabel(projection);
    m_source->setObjectName(QStringLiteral("projectionSource"));
    m_source->setWordWrap(true);
    m_description = new QLabel(projection);
    m_description->setObjectName(QStringLiteral("projectionDescription"));
    m_description->setWordWrap(true);
    pl->addWidget(m_source);
    pl->addWidget(m_description);
    layout->addWidget(projection);

    auto* colour = new QGroupBox(tr("Colour and size"), this);
    auto* cf = new QFormLayout(colour);
    m_colorBy = new QComboBox(colour);
    m_colorBy->setObjectName(QStringLiteral("colorByCombo"));
    auto* mapRow = new QHBoxLayout;
    m_colorMap = new QComboBox(colour);
    m_colorMap->setObjectName(QStringLiteral("colorMapCombo"));
    m_colorMap->addItem(tr("viridis"), ColorMap::id(ColorMap::Name::Viridis));
    m_colorMap->addItem(tr("cividis"), ColorMap::id(ColorMap::Name::Cividis));
    m_reverse = new QCheckBox(tr("Reverse"), colour);
    m_reverse->setObjectName(QStringLiteral("reverseColorMapCheck"));
    mapRow->addWidget(m_colorMap, 1);
    mapRow->addWidget(m_reverse);
    m_sizeBy = new QComboBox(colour);
    m_sizeBy->setObjectName(QStringLiteral("sizeByCombo"));
    m_pointSize = new QSlider(Qt::Horizontal, colour);
    m_pointSize->setObjectName(QStringLiteral("pointSizeSlider"));
    m_pointSize->setRange(2, 30);
    m_pointSize->setValue(8);
    cf->addRow(tr("Colour by"), m_colorBy);
    cf->addRow(tr("Colour map"), mapRow);
    cf->addRow(tr("Size by"), m_sizeBy);
    cf->addRow(tr("Point size"), m_pointSize);
    layout->addWidget(colour);
    layout->addStretch(1);

    connect(m_method, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        updateParameterVisibility();
        emit projectionRequested();
    });
    connect(m_run, &QPushButton::clicked, this, &ProjectionPanel::projectionRequested);
    connect(m_perplexity, &QDoubleSpinBox::valueChanged, this, &ProjectionPanel::parametersEdited);
    connect(m_iterations, &QSpinBox::valueChanged, this, &ProjectionPanel::parametersEdited);
    for (QSpinBox* axis : m_axes)
        connect(axis, &QSpinBox::valueChanged, this, &ProjectionPanel::parametersEdited);
    connect(m_colorBy, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { emit colorByChanged(colorBy()); });
    connect(m_colorMap, qOverload<int>(&QComboBox::currentIndexChanged), this, &ProjectionPanel::colorMapChanged);
    connect(m_reverse, &QCheckBox::toggled, this, &ProjectionPanel::colorMapChanged);
    connect(m_sizeBy, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { emit sizeByChanged(sizeBy()); });
    connect(m_pointSize, &QSlider::valueChanged, this, [this](int v) { emit pointSizeChanged(double(v)); });
    updateParameterVisibility();
}

QString ProjectionPanel::method() const { return m_method->currentData().toString(); }

bool ProjectionPanel::setMethod(const QString& id)
{
    const int index = m_method->findData(id);
    if (index < 0)
        return false;
    if (index == m_method->currentIndex())
        emit projectionRequested();
    else
        m_method->setCurrentIndex(index);
    return true;
}

double ProjectionPanel::perplexity() const { return m_perplexity->value(); }
int ProjectionPanel::iterations() const { return m_iterations->value(); }

void ProjectionPanel::setPerplexity(double perplexity) { m_perplexity->setValue(perplexity); }

void ProjectionPanel::setIterations(int iterations) { m_iterations->setValue(iterations); }

std::array<int, 3> ProjectionPanel::axes() const
{
    return {m_axes[0]->value() - 1, m_axes[1]->value() - 1, m_axes[2]->value() - 1};
}

void ProjectionPanel::setAxes(const std::array<int, 3>& axes)
{
    for (int k = 0; k < 3; ++k)
        m_axes[k]->setValue(axes[k] + 1);
}

void ProjectionPanel::setSource(int dimensions, const QString& description)
{
    // Axes beyond the new width are clamped; nothing to clamp to without a representation.
    if (dimensions >= 1)
        for (int k = 0; k < 3; ++k)
            m_axes[k]->setMaximum(dimensions);
    m_source->setText(description);
}

void ProjectionPanel::setProjectionDescription(const QString& text) { m_description->setText(text); }

void ProjectionPanel::setBusy(bool busy)
{
    m_run->setEnabled(!busy);
    m_method->setEnabled(!busy);
}

void ProjectionPanel::setProperties(const QStringList& ids, const QStringList& titles, const QList<bool>& categorical)
{
    const QString colour = colorBy(), size = sizeBy();
    const QSignalBlocker b1(m_colorBy), b2(m_sizeBy);
    m_colorBy->clear();
    m_sizeBy->clear();
    m_sizeBy->addItem(tr("(uniform)"), QString());
    for (int i = 0; i < ids.size(); ++i) {
        m_colorBy->addItem(titles.value(i, ids[i]), ids[i]);
        if (!categorical.value(i))
            m_sizeBy->addItem(titles.value(i, ids[i]), ids[i]);
    }
    m_colorBy->setCurrentIndex(std::max(0, m_colorBy->findData(colour)));
    m_sizeBy->setCurrentIndex(std::max(0, m_sizeBy->findData(size)));
}

QString ProjectionPanel::colorBy() const { return m_colorBy->currentData().toString(); }

bool ProjectionPanel::setColorBy(const QString& id)
{
    const int index = m_colorBy->findData(id);
    if (index < 0)
        return false;
    m_colorBy->setCurrentIndex(index);
    return true;
}

QString ProjectionPanel::sizeBy() const { return m_sizeBy->currentData().toString(); }

bool ProjectionPanel::setSizeBy(const QString& id)
{
    const int index = m_sizeBy->findData(id);
    if (index < 0)
        return false;
    m_sizeBy->setCurrentIndex(index);
    return true;
}

ColorMap::Name ProjectionPanel::colorMap() const
{
    return ColorMap::fromId(m_colorMap->currentData().toString()).value_or(ColorMap::Name::Viridis);
}

void ProjectionPanel::setColorMap(ColorMap::Name name) { m_colorMap->setCurrentIndex(m_colorMap->findData(ColorMap::id(name))); }

bool ProjectionPanel::colorMapReversed() const { return m_reverse->isChecked(); }

void ProjectionPanel::setColorMapReversed(bool reversed) { m_reverse->setChecked(reversed); }

double ProjectionPanel::pointSize() const { return m_pointSize->value(); }

void ProjectionPanel::setPointSize(double pixels) { m_pointSize->setValue(int(std::lround(pixels))); }

void ProjectionPanel::updateParameterVisibility()
{
    const QString id = method();
    m_tsneParameters->setVisible(id == QLatin1String("tsne"));
    m_axesParameters->setVisible(id == QLatin1String("axes"));
}

} // namespace zooscope
