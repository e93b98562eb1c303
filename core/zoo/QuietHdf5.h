#pragma once

#include <hdf5.h>

#include <string>
#include <vector>

namespace zooscope {

// Silences HDF5's automatic error printing for the guard's lifetime (restores the previous handler):
// errors become exceptions that name the file instead of stack dumps on stderr.
class QuietHdf5 {
public:
    QuietHdf5()
    {
        H5Eget_auto2(H5E_DEFAULT, &m_func, &m_data);
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    }
    ~QuietHdf5() { H5Eset_auto2(H5E_DEFAULT, m_func, m_data); }
    QuietHdf5(const QuietHdf5&) = delete;
    QuietHdf5& operator=(const QuietHdf5&) = delete;

    // The innermost messages of HDF5's current error stack (then cleared), e.g. "truncated file: eof = ...".
    static std::string takeErrorMessage()
    {
        std::vector<std::string> messages;
        H5Ewalk2(
            H5E_DEFAULT, H5E_WALK_DOWNWARD,
            [](unsigned, const H5E_error2_t* e, void* data) -> herr_t {
                if (e->desc && *e->desc)
                    static_cast<std::vector<std::string>*>(data)->push_back(e->desc);
                return 0;
            },
            &messages);
        H5Eclear2(H5E_DEFAULT);
        if (messages.empty())
            return {};
        // The deepest message says what actually failed; the outermost what was being done.
        std::string r = messages.back();
        if (messages.size() > 1 && messages.front() != messages.back())
            r = messages.front() + ": " + r;
        return r;
    }

private:
    H5E_auto2_t m_func = nullptr;
    void* m_data = nullptr;
};

} // namespace zooscope
