// The density's controls, one set for the camera toolbar and the View menu: the action "Density" switches
// it on and off; the menu "Density Options" chooses contours, shading or both and the kernel's width as a
// factor of Scott's rule, says what the contours mean, and shows the width in pixels of the density on show.
#pragma once

#include <QMenu>

class QAction;
class QActionGroup;

namespace zooscope {

class LatentScatterView;

class DensityMenu : public QMenu {
    Q_OBJECT
public:
    // The widths offered, as factors of Scott's rule.
    static constexpr double kWidths[] = {0.5, 0.75, 1.0, 1.5, 2.0, 3.0};

    explicit DensityMenu(LatentScatterView* view, QWidget* parent = nullptr);

    // "Density": checkable, follows the view (a restored session).
    QAction* toggleAction() const { return m_toggle; }
    QAction* modeAction(int mode) const; // DensitySettings::Mode as int
    QAction* widthAction(double factor) const; // one of kWidths; null otherwise

private:
    void sync();
    void updateInfo();

    LatentScatterView* m_view;
    QAction* m_toggle;
    QActionGroup* m_modes;
    QActionGroup* m_widths;
    QAction* m_info;
};

} // namespace zooscope
