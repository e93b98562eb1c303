#pragma once

#include "zoo/Dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace zooscope {

// Reads image classification datasets stored as IDX files (MNIST's format, gzip-compressed or plain):
//   <dir>/train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],
//   <dir>/t10k-images-idx3-ubyte[.gz],  t10k-labels-idx1-ubyte[.gz]
// (the `train-images.idx3-ubyte` spelling is accepted too). Pixels become x/255, then (x - mean)/std.
// The image training set is split into train/validation by a fixed permutation (seed 42, see
// trainValidationPermutation): 60,000 images give 50,000 train + 10,000 validation; other sizes keep
// one sixth (rounded) for validation. Missing, truncated or corrupt files throw std::runtime_error
// naming the file and what is wrong.
class DatasetLoader {
public:
    // Debian's dataset-fashion-mnist; normalised like the public F-MNIST zoos (mean 0.5, std 0.5).
    static Dataset fashionMnist(const std::string& dir = "/usr/share/datasets/fashion-mnist");
    // Any directory with the four IDX files; `id` becomes Dataset::id.
    static Dataset idxDirectory(const std::string& dir, const std::string& id, float mean = 0.5f, float std = 0.5f);
    // One pair of IDX files (images: magic 0x803, [n, rows, cols] bytes; labels: magic 0x801, [n] bytes).
    static DatasetSplit readIdx(const std::string& imagesFile, const std::string& labelsFile, float mean, float std);

    // The order in which the image training set is split: the first `count - validationCount` indices
    // are the train split, the rest validation. mt19937_64(seed) with an explicit Fisher-Yates shuffle,
    // so the result is the same with every standard library.
    static std::vector<int64_t> trainValidationPermutation(int64_t count, uint64_t seed = 42);
    static int64_t validationCountFor(int64_t trainingSetSize);
    // Rows of `from` in the given order.
    static DatasetSplit subset(const DatasetSplit& from, const std::vector<int64_t>& rows);
    // Few-shot fine-tuning: the rows of the first `perClass` images of each class present in `from`, in the
    // order of trainValidationPermutation(from.count, seed), so that every run with the same seed sees the
    // same images; ascending. Throws std::invalid_argument when perClass < 1 or a class has fewer images.
    static std::vector<int64_t> perClassRows(const DatasetSplit& from, int64_t perClass, uint64_t seed = 42);
};

} // namespace zooscope
