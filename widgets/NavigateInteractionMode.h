// Navigate: drags turn, pan and zoom the camera (VTK's trackball); a click selects the point under it.
#pragma once

#include "widgets/InteractionMode.h"

namespace zooscope {

class NavigateInteractionMode : public InteractionMode {
public:
    using InteractionMode::InteractionMode;
};

} // namespace zooscope
