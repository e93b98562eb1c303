#pragma once

#include <ostream>
#include <streambuf>
#include <string>

namespace zooscope::cli {

// An output stream that keeps only the last `limit` characters written to it: the messages of an MPI rank
// other than 0, shown only when that rank fails (its progress lines would repeat rank 0's).
class TailStream : public std::ostream {
public:
    explicit TailStream(size_t limit = 4000) : std::ostream(&m_buffer), m_buffer(limit) {}
    std::string text() const { return m_buffer.text; }

private:
    struct Buffer : std::streambuf {
        explicit Buffer(size_t limit) : limit(limit) {}
        int overflow(int c) override
        {
            if (c != traits_type::eof())
                append(std::string(1, static_cast<char>(c)));
            return c;
        }
        std::streamsize xsputn(const char* s, std::streamsize n) override
        {
            append(std::string(s, static_cast<size_t>(n)));
            return n;
        }
        void append(const std::string& s)
        {
            text += s;
            if (text.size() > 2 * limit)
                text.erase(0, text.size() - limit);
        }
        size_t limit;
        std::string text;
    } m_buffer;
};

} // namespace zooscope::cli
