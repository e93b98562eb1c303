#pragma once

#include <hdf5.h>

namespace zooscope {

// Owns one HDF5 identifier (file, group, dataset, space, type, property list) and closes it with the
// function it was opened for, so that every early return and exception path releases it.
class Hdf5Handle {
public:
    using Closer = herr_t (*)(hid_t);
    Hdf5Handle() = default;
    Hdf5Handle(hid_t id, Closer close) : m_id(id), m_close(close) {}
    Hdf5Handle(Hdf5Handle&& o) noexcept : m_id(o.m_id), m_close(o.m_close) { o.m_id = -1; }
    Hdf5Handle& operator=(Hdf5Handle&& o) noexcept
    {
        reset();
        m_id = o.m_id;
        m_close = o.m_close;
        o.m_id = -1;
        return *this;
    }
    Hdf5Handle(const Hdf5Handle&) = delete;
    Hdf5Handle& operator=(const Hdf5Handle&) = delete;
    ~Hdf5Handle() { reset(); }

    void reset() { close(); }
    // Closes now and reports whether closing succeeded: closing a file flushes it, which can fail.
    bool close()
    {
        const herr_t r = m_id >= 0 && m_close ? m_close(m_id) : 0;
        m_id = -1;
        return r >= 0;
    }
    hid_t id() const { return m_id; }
    operator hid_t() const { return m_id; }
    void release() { m_id = -1; } // the caller closes the id itself
    bool valid() const { return m_id >= 0; }

    // A variable-length UTF-8 string type, as h5py writes str attributes.
    static Hdf5Handle utf8StringType()
    {
        Hdf5Handle t(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(t, H5T_VARIABLE);
        H5Tset_cset(t, H5T_CSET_UTF8);
        return t;
    }

private:
    hid_t m_id = -1;
    Closer m_close = nullptr;
};

} // namespace zooscope
