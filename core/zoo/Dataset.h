#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zooscope {

// One split of an image classification dataset, normalised, in NCHW float layout.
struct DatasetSplit {
    std::vector<float> images;   // count * channels * height * width
    std::vector<int64_t> labels; // count
    int64_t count = 0;
    int64_t channels = 1;
    int64_t height = 28;
    int64_t width = 28;

    int64_t imageSize() const { return channels * height * width; }
};

// A dataset as the public zoos use it: the image training set split into train/validation with a fixed
// seed, plus the test set.
struct Dataset {
    std::string id;          // "fashion-mnist", "mnist", or a user-given id
    DatasetSplit train;
    DatasetSplit validation;
    DatasetSplit test;
};

} // namespace zooscope
