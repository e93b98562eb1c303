#include "widgets/CameraToolBar.h"

#include "widgets/DensityMenu.h"
#include "widgets/LatentScatterView.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QToolButton>

namespace zooscope {

CameraToolBar::CameraToolBar(LatentScatterView* view, QWidget* parent)
    : QToolBar(tr("Camera"), parent)
    , m_view(view)
{
    setObjectName(QStringLiteral("cameraToolBar"));
    setToolButtonStyle(Qt::ToolButtonTextOnly);

    m_reset = addAction(tr("Reset"));
    m_reset->setObjectName(QStringLiteral("cameraResetAction"));
    m_reset->setToolTip(tr("Look down -Z at all points (R)"));
    connect(m_reset, &QAction::triggered, m_view, &LatentScatterView::resetCamera);

    using Preset = LatentScatterView::CameraPreset;
    const struct {
        Preset preset;
        const char* name;
        QString text;
        QString tip;
    } presets[] = {
        {Preset::PlusX, "viewPlusXAction", tr("+X"), tr("Look along +X")},
        {Preset::MinusX, "viewMinusXAction", tr("-X"), tr("Look along -X")},
        {Preset::PlusY, "viewPlusYAction", tr("+Y"), tr("Look along +Y")},
        {Preset::MinusY, "viewMinusYAction", tr("-Y"), tr("Look along -Y")},
        {Preset::PlusZ, "viewPlusZAction", tr("+Z"), tr("Look along +Z")},
        {Preset::MinusZ, "viewMinusZAction", tr("-Z"), tr("Look along -Z")},
        {Preset::Isometric, "viewIsometricAction", tr("Iso"), tr("Isometric view")},
    };
    for (const auto& p : presets) {
        QAction* a = addAction(p.text);
        a->setObjectName(QLatin1String(p.name));
        a->setToolTip(p.tip);
        const Preset preset = p.preset;
        connect(a, &QAction::triggered, m_view, [this, preset] { m_view->setCameraPreset(preset); });
    }

    m_orthographic = addAction(tr("Orthographic"));
    m_orthographic->setObjectName(QStringLiteral("orthographicAction"));
    m_orthographic->setCheckable(true);
    m_orthographic->setToolTip(tr("Parallel projection: no perspective, distances compare across depth"));
    connect(m_orthographic, &QAction::toggled, m_view, &LatentScatterView::setOrthographic);
    addSeparator();

    addWidget(new QLabel(tr("Trajectories:"), this));
    m_trajectories = new QComboBox(this);
    m_trajectories->setObjectName(QStringLiteral("trajectoryChoice"));
    m_trajectories->addItem(tr("None"));
    m_trajectories->addItem(tr("Selected models"));
    m_trajectories->addItem(tr("All models"));
    m_trajectories->setToolTip(tr("Join each model's checkpoints across epochs"));
    m_trajectories->setCurrentIndex(int(m_view->trajectoryMode()));
    addWidget(m_trajectories);
    connect(m_trajectories, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_view->setTrajectoryMode(LatentScatterView::TrajectoryMode(index));
    });
    // A restored session sets the view directly: the controls follow it.
    connect(m_view, &LatentScatterView::trajectoryModeChanged, this, [this](LatentScatterView::TrajectoryMode mode) {
        const QSignalBlocker block(m_trajectories);
        m_trajectories->setCurrentIndex(int(mode));
    });
    addSeparator();
    // Density: the switch, its options in the button's menu.
    m_density = new DensityMenu(m_view, this);
    auto* density = new QToolButton(this);
    density->setObjectName(QStringLiteral("densityButton"));
    density->setDefaultAction(m_density->toggleAction());
    density->setMenu(m_density);
    density->setPopupMode(QToolButton::MenuButtonPopup);
    density->setToolButtonStyle(Qt::ToolButtonTextOnly);
    addWidget(density);
    connect(m_view, &LatentScatterView::cameraChanged, this, [this] {
        const QSignalBlocker block(m_orthographic);
        m_orthographic->setChecked(m_view->orthographic());
    });
}

} // namespace zooscope
