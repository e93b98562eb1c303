#include "cluster/SingleProcessCommunicator.h"

namespace zooscope {

SingleProcessCommunicator& SingleProcessCommunicator::instance()
{
    static SingleProcessCommunicator one;
    return one;
}

} // namespace zooscope
