#include "widgets/DensityMenu.h"

#include "widgets/LatentScatterView.h"
#include "widgets/ScreenDensity.h"

#include <QActionGroup>
#include <QLocale>

#include <cmath>

namespace zooscope {

DensityMenu::DensityMenu(LatentScatterView* view, QWidget* parent)
    : QMenu(tr("Density Options"), parent)
    , m_view(view)
    , m_toggle(new QAction(tr("Density"), this))
    , m_modes(new QActionGroup(this))
    , m_widths(new QActionGroup(this))
{
    setObjectName(QStringLiteral("densityMenu"));
    menuAction()->setObjectName(QStringLiteral("densityOptionsAction"));
    m_toggle->setObjectName(QStringLiteral("densityAction"));
    m_toggle->setCheckable(true);
    m_toggle->setToolTip(tr("Kernel density of the points on screen: contours around the densest regions holding 25, "
                            "50, 75 and 90% of them, or shading; computed again when the camera rests"));
    connect(m_toggle, &QAction::toggled, this, [this](bool on) {
        DensitySettings s = m_view->density();
        s.on = on;
        m_view->setDensity(s);
    });

    addSection(tr("Show"));
    using Mode = DensitySettings::Mode;
    const struct {
        Mode mode;
        const char* name;
        QString text;
    } modes[] = {
        {Mode::Contours, "densityContoursAction", tr("Contours")},
        {Mode::Shading, "densityShadingAction", tr("Shading")},
        {Mode::Both, "densityBothAction", tr("Contours and Shading")},
    };
    for (const auto& m : modes) {
        QAction* a = addAction(m.text);
        a->setObjectName(QLatin1String(m.name));
        a->setCheckable(true);
        a->setData(int(m.mode));
        m_modes->addAction(a);
        const Mode mode = m.mode;
        connect(a, &QAction::triggered, this, [this, mode] {
            DensitySettings s = m_view->density();
            s.mode = mode;
            s.on = true; // choosing what to show shows it
            m_view->setDensity(s);
        });
    }

    addSection(tr("Kernel Width"));
    for (double factor : kWidths) {
        QAction* a = addAction(factor == 1.0 ? tr("Scott's rule") : tr("%1 × Scott's rule").arg(factor));
        a->setCheckable(true);
        a->setData(factor);
        m_widths->addAction(a);
        connect(a, &QAction::triggered, this, [this, factor] {
            DensitySettings s = m_view->density();
            s.bandwidth = factor;
            s.on = true;
            m_view->setDensity(s);
        });
    }

    addSeparator();
    QAction* meaning = addAction(tr("Contours enclose the densest regions holding\n25, 50, 75 and 90% of the points on screen"));
    meaning->setEnabled(false);
    m_info = addAction(QString());
    m_info->setObjectName(QStringLiteral("densityInfoAction"));
    m_info->setEnabled(false);
    connect(this, &QMenu::aboutToShow, this, &DensityMenu::updateInfo);
    updateInfo();

    connect(m_view, &LatentScatterView::densityChanged, this, &DensityMenu::sync);
    sync();
}

QAction* DensityMenu::modeAction(int mode) const
{
    for (QAction* a : m_modes->actions())
        if (a->data().toInt() == mode)
            return a;
    return nullptr;
}

QAction* DensityMenu::widthAction(double factor) const
{
    for (QAction* a : m_widths->actions())
        if (std::abs(a->data().toDouble() - factor) < 1e-9)
            return a;
    return nullptr;
}

void DensityMenu::sync()
{
    // Not blocked: the toolbar's button follows the action's signals; toggled() sets what the view has.
    const DensitySettings& s = m_view->density();
    m_toggle->setChecked(s.on);
    if (QAction* a = modeAction(int(s.mode)))
        a->setChecked(true);
    // A session may hold a width the menu does not offer: then none is checked.
    for (QAction* a : m_widths->actions())
        a->setChecked(std::abs(a->data().toDouble() - s.bandwidth) < 1e-9);
}

void DensityMenu::updateInfo()
{
    const ScreenDensity* d = m_view->shownDensity();
    if (!d || d->isEmpty()) {
        m_info->setText(tr("No density on show"));
        return;
    }
    m_info->setText(tr("Kernel width now: %1 px (Scott's rule: %2 px), %3 points on screen, %4 ms")
                        .arg(d->bandwidth(), 0, 'f', 1)
                        .arg(d->scottBandwidth(), 0, 'f', 1)
                        .arg(QLocale().toString(qulonglong(d->pointCount())))
                        .arg(d->computeMs(), 0, 'f', 0));
}

} // namespace zooscope
