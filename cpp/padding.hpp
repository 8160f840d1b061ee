// Padding modes as index maps: the one place that says which input element a padded position reads.
// Used by pad(), by conv2d's padding_mode and by the receptive-field helpers.
#pragma once

#include "plans.hpp"

namespace convlens::detail {

/// The input index that position `i` of a padded axis reads (i is relative to the unpadded origin,
/// so it may be negative or ≥ size), or -1 where the mode fills a constant. Negative pads crop
/// `crop_before` / `crop_after` elements: reflect and replicate still mirror about the original edges
/// (ATen does), circular wraps the cropped range. The plan guarantees the preconditions: reflect
/// needs pad < size, circular a wrap no longer than the cropped range.
inline int64_t pad_source_index(int64_t i, int64_t size, PaddingMode mode, int64_t crop_before = 0,
                                int64_t crop_after = 0) {
  if (i >= 0 && i < size) return i;
  switch (mode) {
    case PaddingMode::zeros: return -1;
    case PaddingMode::reflect: return i < 0 ? -i : 2 * (size - 1) - i;
    case PaddingMode::replicate: return i < 0 ? 0 : size - 1;
    case PaddingMode::circular: {
      const int64_t kept = size - crop_before - crop_after;
      return crop_before + ((i - crop_before) % kept + kept) % kept;
    }
  }
  return -1;
}

/// Writes the padded copy of every (n, c) plane: [N, C, H, W] → [N, C, OH, OW].
void pad_planes(const PadPlan& plan, const float* input, float* output);

/// The gradient of pad_planes: zeros, then each element of the padded planes ([N, C, OH, OW]) added onto
/// the input element it copies (none for the constant fill), in scan order: [N, C, OH, OW] → [N, C, H, W].
void unpad_planes_add(const PadPlan& plan, const float* padded, float* input);

}  // namespace convlens::detail
