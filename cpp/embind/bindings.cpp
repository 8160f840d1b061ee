// The only Embind file: a thin, allocation-free call interface over convlens.hpp (and plans.hpp, so
// that a call plans its op once).
//
// JS writes an op's shapes and parameters into the call block (int32 slots, layout below; JS reads it
// from boundary() at load), calls one function, and reads results back from the block (an op's run() is the
// plain export convlens_run, the rest are Embind functions). Every function
// returns a convlens::Code (0 = ok); the message of the last failure is errorMessage(), its
// argument at fault errorArgument() ("" when none). Nothing throws.
// Ops write into output buffers owned here and reused from call to call, so a steady stream of
// same-sized calls allocates nothing.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "../convlens.hpp"
#include "../kernels/parallel.hpp"
#include "../plans.hpp"  // run() sizes its output from the plan the op then runs

namespace {

using namespace convlens;

// The call-block slots, listed once: the enum and the table JS reads at load (boundary()) both
// come from this list, so web/convlens holds no copy of the layout.
// One group of slots per line, with its note (clang-format would break the groups apart).
// clang-format off
#define CONVLENS_SLOTS(X)                                                                                \
  X(IN_RANK, 0) X(IN_DIMS, 1)            /* input rank, then up to 8 dims (1..8) */                       \
  X(W_RANK, 9) X(W_DIMS, 10)             /* weight rank, then 4 dims (10..13) */                          \
  X(HAS_BIAS, 14) X(BIAS_LEN, 15)                                                                        \
  X(STRIDE_H, 16) X(STRIDE_W, 17) X(HAS_STRIDE, 18)                                                      \
  X(PAD_KIND, 19) X(PAD_H, 20) X(PAD_W, 21)                                                              \
  X(DIL_H, 22) X(DIL_W, 23)                                                                              \
  X(GROUPS, 24) X(MODE, 25)                                                                              \
  X(OUTPAD_H, 26) X(OUTPAD_W, 27) X(HAS_OUTSIZE, 28) X(OUTSIZE_H, 29) X(OUTSIZE_W, 30)                   \
  X(KERNEL_H, 31) X(KERNEL_W, 32)                                                                        \
  X(CEIL, 33) X(COUNT_INCLUDE_PAD, 34) X(HAS_DIVISOR, 35) X(DIVISOR, 36)                                 \
  X(PAD_LEFT, 37) X(PAD_RIGHT, 38) X(PAD_TOP, 39) X(PAD_BOTTOM, 40)                                      \
  X(OUT_RANK, 41) X(OUT_DIMS, 42)        /* result shape (42..45) */                                      \
  X(OUT_INDEX, 46)                       /* receptive-field query (n, c, y, x) at 46..49 */               \
  X(AXIS, 50)                            /* 2 × 10 slots: input, kernel, stride, dilation, pad_before, */ \
  X(AXIS_STRIDE, 10)                     /* pad_after, output_padding, output, ceil_mode, dropped */      \
  X(RF_COUNT, 70) X(RF_BIAS, 71) X(RF_DIVISOR, 72)                                                       \
  X(PC_IN, 73) X(PC_OUT, 74) X(PC_KH, 75) X(PC_KW, 76) X(PC_GROUPS, 77) X(PC_BIAS, 78)                   \
  X(PC_WEIGHTS_OUT, 79) X(PC_BIAS_OUT, 80) X(PC_TOTAL_OUT, 81)                                           \
  X(OUT_ADDR, 82) X(INDICES_ADDR, 83)    /* where run() left the output (and max-pool indices) */         \
  X(IN_ADDR, 84) X(W_ADDR, 85) X(B_ADDR, 86) /* run()'s tensors (byte addresses; bias 0 = none) */        \
  X(WANT_INDICES, 87) X(PAD_VALUE, 88)   /* max-pool indices wanted; pad()'s value as float bits */       \
  X(PAD_DIMS, 89)                        /* pad(): 1 for [left, right], 2 for [left, right, top, bottom] */ \
  X(FIELDS_START, 90) X(FIELDS_COUNT, 91) X(HAS_FIELDS_COUNT, 92) /* receptiveFields' range; the count */ \
  X(FIELDS_ADDR, 93)                     /* answered replaces FIELDS_COUNT; its columns at FIELDS_ADDR */   \
  X(KEEP_H, 96) X(KEEP_W, 97)          /* adaptive pools: output_size None on H / W (keep the input's) */ \
  X(NORM_LO, 98) X(NORM_HI, 99)         /* lp_pool2d's norm_type: the two halves of a float64 */          \
  X(GO_RANK, 100) X(GO_DIMS, 101)       /* backward ops: grad_output's rank, then up to 8 dims (101..108) */ \
  X(GO_ADDR, 109)                       /* grad_output's byte address */                                  \
  X(RESIDENT, 110)                      /* 1: results go to DEST_ADDR or fresh allocations JS then owns */ \
  X(DEST_ADDR, 111) X(DEST_BYTES, 112)  /* a resident run's output destination (0: a fresh allocation) */  \
  X(RESULT_ADDR, 113)                   /* a resident run's results (113..115): output or grad_input, */  \
                                        /* indices or grad_weight, grad_bias (0: none) */                 \
  X(PACKED_ADDR, 116) X(PACKED_BYTES, 117) /* a convolution's weight as packWeight() packed it (0: none) */ \
  X(SIZE, 118)
// clang-format on

enum Slot : int {
#define CONVLENS_SLOT_ENUM(name, value) name = value,
  CONVLENS_SLOTS(CONVLENS_SLOT_ENUM)
#undef CONVLENS_SLOT_ENUM
};
constexpr int kTapInts = 12;  // n, c, y, x, source_y, source_x, input_index, weight[4], weight_index

/// The ops of run / outputInfo / receptiveField(s), with the JS API's names.
enum Op : int {
  CONV2D = 0,
  CONV_TRANSPOSE2D = 1,
  MAX_POOL2D = 2,
  AVG_POOL2D = 3,
  PAD = 4,
  ADAPTIVE_AVG_POOL2D = 5,
  ADAPTIVE_MAX_POOL2D = 6,
  LP_POOL2D = 7,
  MAX_UNPOOL2D = 8,
  UNFOLD = 9,
  FOLD = 10,
  ADAPTIVE_AVG_POOL1D = 11,
  ADAPTIVE_MAX_POOL1D = 12,
  CONV1D = 13,
  CONV_TRANSPOSE1D = 14,
  MAX_POOL1D = 15,
  AVG_POOL1D = 16,
  CONV2D_BACKWARD = 17,
  MAX_POOL2D_BACKWARD = 18,
  AVG_POOL2D_BACKWARD = 19,
};
constexpr struct {
  const char* name;
  Op id;
} kOps[] = {{"conv2d", CONV2D},
            {"convTranspose2d", CONV_TRANSPOSE2D},
            {"maxPool2d", MAX_POOL2D},
            {"avgPool2d", AVG_POOL2D},
            {"pad", PAD},
            {"adaptiveAvgPool2d", ADAPTIVE_AVG_POOL2D},
            {"adaptiveMaxPool2d", ADAPTIVE_MAX_POOL2D},
            {"lpPool2d", LP_POOL2D},
            {"maxUnpool2d", MAX_UNPOOL2D},
            {"unfold", UNFOLD},
            {"fold", FOLD},
            {"adaptiveAvgPool1d", ADAPTIVE_AVG_POOL1D},
            {"adaptiveMaxPool1d", ADAPTIVE_MAX_POOL1D},
            {"conv1d", CONV1D},
            {"convTranspose1d", CONV_TRANSPOSE1D},
            {"maxPool1d", MAX_POOL1D},
            {"avgPool1d", AVG_POOL1D},
            {"conv2dBackward", CONV2D_BACKWARD},
            {"maxPool2dBackward", MAX_POOL2D_BACKWARD},
            {"avgPool2dBackward", AVG_POOL2D_BACKWARD}};
/// convlens::PaddingMode and convlens::ConvPadding with the JS API's names (F.pad's 'constant' is
/// zeros; the JS adds that alias).
constexpr struct {
  const char* name;
  PaddingMode id;
} kPaddingModes[] = {{"zeros", PaddingMode::zeros},
                     {"reflect", PaddingMode::reflect},
                     {"replicate", PaddingMode::replicate},
                     {"circular", PaddingMode::circular}};
constexpr struct {
  const char* name;
  ConvPadding id;
} kConvPaddings[] = {
    {"explicit", ConvPadding::explicit_values}, {"valid", ConvPadding::valid}, {"same", ConvPadding::same}};

int32_t g_block[SIZE];
std::vector<int32_t> g_taps;
std::string g_error, g_error_argument;  // message and argument of the last failure
std::string g_text[3];                  // formulas of H and W; parameter-count formula

// A grow-only buffer: realloc failure is a status (too_large), never an abort.
struct Buffer {
  void* data = nullptr;
  size_t bytes = 0;
  bool reserve(size_t n) {
    if (n <= bytes) return true;
    void* p = std::realloc(data, n);
    if (!p) return false;
    data = p, bytes = n;
    return true;
  }
};
Buffer g_output, g_indices, g_fields;

Shape read_shape(int rank_slot, int max_rank) {
  Shape s;
  s.rank = g_block[rank_slot] < 0 ? 0 : (g_block[rank_slot] > max_rank ? max_rank : g_block[rank_slot]);
  for (int i = 0; i < s.rank; ++i) s.dim[i] = g_block[rank_slot + 1 + i];
  return s;
}
Pair pair(int slot) { return Pair{g_block[slot], g_block[slot + 1]}; }
std::optional<Shape> bias_shape() {
  if (!g_block[HAS_BIAS]) return std::nullopt;
  return Shape{g_block[BIAS_LEN]};
}

Conv2dParams conv2d_params() {
  Conv2dParams p;
  p.stride = pair(STRIDE_H), p.padding_kind = static_cast<ConvPadding>(g_block[PAD_KIND]);
  p.padding = pair(PAD_H), p.dilation = pair(DIL_H), p.groups = g_block[GROUPS];
  p.padding_mode = static_cast<PaddingMode>(g_block[MODE]);
  return p;
}
ConvTranspose2dParams conv_transpose2d_params() {
  ConvTranspose2dParams p;
  p.stride = pair(STRIDE_H), p.padding = pair(PAD_H), p.output_padding = pair(OUTPAD_H);
  p.groups = g_block[GROUPS], p.dilation = pair(DIL_H);
  if (g_block[HAS_OUTSIZE]) p.output_size = pair(OUTSIZE_H);
  return p;
}
MaxPool2dParams max_pool2d_params() {
  MaxPool2dParams p;
  p.kernel_size = pair(KERNEL_H), p.padding = pair(PAD_H), p.dilation = pair(DIL_H), p.ceil_mode = g_block[CEIL];
  if (g_block[HAS_STRIDE]) p.stride = pair(STRIDE_H);
  return p;
}
AvgPool2dParams avg_pool2d_params() {
  AvgPool2dParams p;
  p.kernel_size = pair(KERNEL_H), p.padding = pair(PAD_H), p.ceil_mode = g_block[CEIL];
  p.count_include_pad = g_block[COUNT_INCLUDE_PAD];
  if (g_block[HAS_STRIDE]) p.stride = pair(STRIDE_H);
  if (g_block[HAS_DIVISOR]) p.divisor_override = g_block[DIVISOR];
  return p;
}
LpPool2dParams lp_pool2d_params() {
  LpPool2dParams p;
  int32_t halves[2] = {g_block[NORM_LO], g_block[NORM_HI]};
  std::memcpy(&p.norm_type, halves, sizeof p.norm_type);
  p.kernel_size = pair(KERNEL_H), p.ceil_mode = g_block[CEIL];
  if (g_block[HAS_STRIDE]) p.stride = pair(STRIDE_H);
  return p;
}
MaxUnpool2dParams max_unpool2d_params() {
  MaxUnpool2dParams p;
  p.kernel_size = pair(KERNEL_H), p.padding = pair(PAD_H);
  if (g_block[HAS_STRIDE]) p.stride = pair(STRIDE_H);
  if (g_block[HAS_OUTSIZE]) p.output_size = pair(OUTSIZE_H);
  return p;
}
Im2colParams im2col_params() {
  Im2colParams p;
  p.kernel_size = pair(KERNEL_H), p.dilation = pair(DIL_H), p.padding = pair(PAD_H), p.stride = pair(STRIDE_H);
  p.output_size = pair(OUTSIZE_H);
  return p;
}
AdaptivePool2dParams adaptive_params() {
  AdaptivePool2dParams p;
  if (!g_block[KEEP_H]) p.output_h = g_block[OUTSIZE_H];
  if (!g_block[KEEP_W]) p.output_w = g_block[OUTSIZE_W];
  return p;
}
// The 1-D ops' arguments travel in the W slots of the pairs.
Conv1dParams conv1d_params() {
  Conv1dParams p;
  p.stride = g_block[STRIDE_W], p.padding_kind = static_cast<ConvPadding>(g_block[PAD_KIND]);
  p.padding = g_block[PAD_W], p.dilation = g_block[DIL_W], p.groups = g_block[GROUPS];
  p.padding_mode = static_cast<PaddingMode>(g_block[MODE]);
  return p;
}
ConvTranspose1dParams conv_transpose1d_params() {
  ConvTranspose1dParams p;
  p.stride = g_block[STRIDE_W], p.padding = g_block[PAD_W], p.output_padding = g_block[OUTPAD_W];
  p.groups = g_block[GROUPS], p.dilation = g_block[DIL_W];
  if (g_block[HAS_OUTSIZE]) p.output_size = g_block[OUTSIZE_W];
  return p;
}
MaxPool1dParams max_pool1d_params() {
  MaxPool1dParams p;
  p.kernel_size = g_block[KERNEL_W], p.padding = g_block[PAD_W], p.dilation = g_block[DIL_W];
  p.ceil_mode = g_block[CEIL], p.return_indices = g_block[WANT_INDICES] != 0;
  if (g_block[HAS_STRIDE]) p.stride = g_block[STRIDE_W];
  return p;
}
AvgPool1dParams avg_pool1d_params() {
  AvgPool1dParams p;
  p.kernel_size = g_block[KERNEL_W], p.padding = g_block[PAD_W], p.ceil_mode = g_block[CEIL];
  p.count_include_pad = g_block[COUNT_INCLUDE_PAD];
  if (g_block[HAS_STRIDE]) p.stride = g_block[STRIDE_W];
  return p;
}
PadParams pad_params(float value) {
  PadParams p;
  p.left = g_block[PAD_LEFT], p.right = g_block[PAD_RIGHT], p.top = g_block[PAD_TOP], p.bottom = g_block[PAD_BOTTOM];
  p.dims = g_block[PAD_DIMS], p.mode = static_cast<PaddingMode>(g_block[MODE]), p.value = value;
  return p;
}

// The JS API's name of an op, for messages.
const char* op_name(int op) {
  for (const auto& entry : kOps)
    if (entry.id == op) return entry.name;
  return "run";
}

bool valid_enum(int v, int count) { return v >= 0 && v < count; }
constexpr int kPaddingModeCount = sizeof kPaddingModes / sizeof kPaddingModes[0];
constexpr int kConvPaddingCount = sizeof kConvPaddings / sizeof kConvPaddings[0];

int finish(const Status& s) {
  if (!s.ok()) g_error = s.message, g_error_argument = s.argument;
  return static_cast<int>(s.code);
}
int bad_enum() {
  g_error = "internal: unknown enum value in the call block";
  g_error_argument.clear();
  return static_cast<int>(Code::invalid_argument);
}

void write_shape(const Shape& s) {
  g_block[OUT_RANK] = s.rank;
  for (int i = 0; i < 4; ++i) g_block[OUT_DIMS + i] = i < s.rank ? static_cast<int32_t>(s.dim[i]) : 0;
}

// The output shape of an op, from the block alone (no formulas: cheap enough for every call).
Status output_of(int op, OutputInfo* info) {
  const Shape input = read_shape(IN_RANK, Shape::kMaxRank), weight = read_shape(W_RANK, 4);
  switch (op) {
    case CONV2D: return conv2d_output(input, weight, bias_shape(), conv2d_params(), info);
    case CONV_TRANSPOSE2D: return conv_transpose2d_output(input, weight, bias_shape(), conv_transpose2d_params(), info);
    case MAX_POOL2D: return max_pool2d_output(input, max_pool2d_params(), info);
    case AVG_POOL2D: return avg_pool2d_output(input, avg_pool2d_params(), info);
    case PAD: return pad_output(input, pad_params(0.0f), info);
    case LP_POOL2D: return lp_pool2d_output(input, lp_pool2d_params(), info);
    case UNFOLD: return unfold_output(input, im2col_params(), info);
    case ADAPTIVE_AVG_POOL1D: return adaptive_avg_pool1d_output(input, g_block[OUTSIZE_W], info);
    case ADAPTIVE_MAX_POOL1D: return adaptive_max_pool1d_output(input, g_block[OUTSIZE_W], info);
    case FOLD: return fold_output(input, im2col_params(), info);
    case CONV1D: return conv1d_output(input, weight, bias_shape(), conv1d_params(), info);
    case CONV_TRANSPOSE1D: return conv_transpose1d_output(input, weight, bias_shape(), conv_transpose1d_params(), info);
    case MAX_POOL1D: return max_pool1d_output(input, max_pool1d_params(), info);
    case AVG_POOL1D: return avg_pool1d_output(input, avg_pool1d_params(), info);
    case MAX_UNPOOL2D: return max_unpool2d_output(input, weight, max_unpool2d_params(), info);
    case ADAPTIVE_AVG_POOL2D: return adaptive_avg_pool2d_output(input, adaptive_params(), info);
    case ADAPTIVE_MAX_POOL2D: return adaptive_max_pool2d_output(input, adaptive_params(), info);
  }
  return Status{Code::invalid_argument, "internal: unknown op", ""};
}

// conv2d's or conv1d's plan from the block.
Status plan_conv(int op, const TensorView& input, const TensorView& weight, detail::Conv2dPlan* p) {
  return op == CONV1D ? detail::plan_conv1d(input.shape, weight.shape, bias_shape(), conv1d_params(), p)
                      : detail::plan_conv2d(input.shape, weight.shape, bias_shape(), conv2d_params(), p);
}
// conv_transpose2d's or conv_transpose1d's plan from the block.
Status plan_conv_transpose(int op, const TensorView& input, const TensorView& weight, detail::ConvTranspose2dPlan* p) {
  return op == CONV_TRANSPOSE1D
             ? detail::plan_conv_transpose1d(input.shape, weight.shape, bias_shape(), conv_transpose1d_params(), p)
             : detail::plan_conv_transpose2d(input.shape, weight.shape, bias_shape(), conv_transpose2d_params(), p);
}

// The packed weight the block names (PACKED_ADDR / PACKED_BYTES, made by packWeight()), or none: the op then
// packs per call. The op refuses one whose size is not its plan's (it was packed for another).
detail::PackedWeight packed_weight() {
  return {reinterpret_cast<const float*>(static_cast<uintptr_t>(static_cast<uint32_t>(g_block[PACKED_ADDR]))),
          g_block[PACKED_BYTES]};
}

// A layer's weight packed once for the convolution the block describes (shapes, options, the weight at
// W_ADDR): PACKED_ADDR / PACKED_BYTES get a malloc'd copy JS then owns and passes to run(), or 0 when that
// op's kernel reads the weight as it is (and for every op that is not a convolution).
int pack_weight(int op) {
  if (!valid_enum(g_block[MODE], kPaddingModeCount) || !valid_enum(g_block[PAD_KIND], kConvPaddingCount))
    return bad_enum();
  g_block[PACKED_ADDR] = g_block[PACKED_BYTES] = 0;
  const TensorView input{nullptr, read_shape(IN_RANK, Shape::kMaxRank)};
  const TensorView w{reinterpret_cast<const float*>(static_cast<uintptr_t>(static_cast<uint32_t>(g_block[W_ADDR]))),
                     read_shape(W_RANK, 4)};
  const bool transposed = op == CONV_TRANSPOSE2D || op == CONV_TRANSPOSE1D;
  if (!transposed && op != CONV2D && op != CONV1D) return 0;
  detail::Conv2dPlan p;
  detail::ConvTranspose2dPlan t;
  if (Status s = transposed ? plan_conv_transpose(op, input, w, &t) : plan_conv(op, input, w, &p); !s.ok())
    return finish(s);
  if (!w.data) return finish(Status{Code::invalid_argument, "internal: packWeight() has no weight", "weight"});
  // at most kMaxWorkspaceBytes
  const int64_t bytes =
      transposed ? detail::conv_transpose2d_packed_weight_bytes(t, w) : detail::conv2d_packed_weight_bytes(p);
  if (bytes == 0) return 0;
  float* packed = static_cast<float*>(std::malloc(static_cast<size_t>(bytes)));
  if (!packed)
    return finish(Status{Code::too_large, "out of memory: the packed weight needs " + std::to_string(bytes) + " bytes",
                         "weight"});
  if (transposed)
    detail::conv_transpose2d_pack_weight(t, w.data, packed);
  else
    detail::conv2d_pack_weight(p, w.data, packed);
  g_block[PACKED_ADDR] = static_cast<int32_t>(reinterpret_cast<uintptr_t>(packed));
  g_block[PACKED_BYTES] = static_cast<int32_t>(bytes);
  return 0;
}

// The plan run() made last, with the block it was made from. A plan is a function of the block's shapes and options
// alone, so a call that repeats them (a layer's forward(), the playground redrawing) runs the kept plan rather than
// planning anew; the op still checks the call's buffers every time. The slots not compared are the call's own:
// its tensors' addresses (OUT_ADDR … B_ADDR) and GO_ADDR onwards (an address, then the results' destination).
static_assert(OUT_ADDR + 5 == WANT_INDICES && GO_ADDR + 1 == RESIDENT && PACKED_BYTES + 1 == SIZE,
              "the per-call slots are OUT_ADDR … B_ADDR and GO_ADDR … PACKED_BYTES");
struct KeptPlan {
  int op = -1;  // -1: none
  int32_t block[GO_ADDR];
  alignas(8) unsigned char plan[std::max({sizeof(detail::Conv2dPlan), sizeof(detail::ConvTranspose2dPlan),
                                          sizeof(detail::Pool2dPlan), sizeof(detail::PadPlan),
                                          sizeof(detail::MaxUnpool2dPlan), sizeof(detail::AdaptivePool2dPlan),
                                          sizeof(detail::Im2colPlan)})];
};
KeptPlan g_kept;
static_assert(std::is_trivially_copyable<detail::Conv2dPlan>::value &&
                  std::is_trivially_copyable<detail::ConvTranspose2dPlan>::value &&
                  std::is_trivially_copyable<detail::Pool2dPlan>::value &&
                  std::is_trivially_copyable<detail::PadPlan>::value &&
                  std::is_trivially_copyable<detail::MaxUnpool2dPlan>::value &&
                  std::is_trivially_copyable<detail::AdaptivePool2dPlan>::value &&
                  std::is_trivially_copyable<detail::Im2colPlan>::value,
              "a plan is kept as bytes");

// Whether slots [from, to) of two blocks are equal, compared two at a time (the libc's memcmp goes byte by byte).
bool same_slots(const int32_t* a, const int32_t* b, int from, int to) {
  for (; from + 2 <= to; from += 2) {
    uint64_t x, y;
    std::memcpy(&x, a + from, sizeof x), std::memcpy(&y, b + from, sizeof y);
    if (x != y) return false;
  }
  return from == to || a[from] == b[from];
}

// Whether the block repeats the kept plan's op, shapes and options; then `plan` gets that plan.
bool kept_plan(int op, void* plan, size_t bytes) {
  if (g_kept.op != op || !same_slots(g_kept.block, g_block, 0, OUT_ADDR) ||
      !same_slots(g_kept.block, g_block, WANT_INDICES, GO_ADDR))
    return false;
  std::memcpy(plan, g_kept.plan, bytes);
  return true;
}

// `planned`, the status of planning `op` into `plan`; a plan made is kept, with the block it was made from.
Status keep_plan(int op, Status planned, const void* plan, size_t bytes) {
  g_kept.op = -1;
  if (planned.ok()) {
    std::memcpy(g_kept.block, g_block, sizeof g_kept.block);
    std::memcpy(g_kept.plan, plan, bytes);
    g_kept.op = op;
  }
  return planned;
}

// The plan of `op` into `p`, as a status: the kept plan when the block repeats it, else `planner`'s (a call, made
// only then), which is then kept. A macro, for that laziness: a helper taking `planner` as a lambda would be compiled
// once for each of run()'s 15 ops, 300 B more of gzipped wasm.
#define PLAN_ONCE(p, planner) \
  (kept_plan(op, &(p), sizeof(p)) ? Status::success() : keep_plan(op, (planner), &(p), sizeof(p)))

// Runs an op on the tensors at IN_ADDR / W_ADDR / B_ADDR (and GO_ADDR) into the reused output buffer;
// OUT_ADDR / INDICES_ADDR and the output shape are written to the block. With RESIDENT set, the results
// go to memory JS then owns instead (DEST_ADDR, or one fresh allocation each, at RESULT_ADDR …). The backward ops write
// their gradients there one after the other (conv2d: grad_input, grad_weight, then grad_bias when there is a bias) and
// report grad_input's shape. The op is planned once: the plan that sizes the output buffer is the one that runs. (One
// argument: each argument costs time on the tiny calls the playground makes.)
int run(int op) {
  if (!valid_enum(g_block[MODE], kPaddingModeCount) || !valid_enum(g_block[PAD_KIND], kConvPaddingCount))
    return bad_enum();
  const uintptr_t in = static_cast<uint32_t>(g_block[IN_ADDR]), weight = static_cast<uint32_t>(g_block[W_ADDR]),
                  bias = static_cast<uint32_t>(g_block[B_ADDR]);
  const bool want_indices = g_block[WANT_INDICES] != 0;
  float pad_value;
  std::memcpy(&pad_value, &g_block[PAD_VALUE], sizeof pad_value);
  const TensorView input{reinterpret_cast<const float*>(in), read_shape(IN_RANK, Shape::kMaxRank)};
  const TensorView w{reinterpret_cast<const float*>(weight), read_shape(W_RANK, 4)};
  const TensorView grad_output{
      reinterpret_cast<const float*>(static_cast<uintptr_t>(static_cast<uint32_t>(g_block[GO_ADDR]))),
      read_shape(GO_RANK, Shape::kMaxRank)};
  std::optional<TensorView> b;
  if (auto bs = bias_shape()) b = TensorView{reinterpret_cast<const float*>(bias), *bs};
  Shape shape;
  OutputBuffer o;
  int32_t* indices = nullptr;
  const bool resident = g_block[RESIDENT] != 0;
  void* result[3] = {};  // output or grad_input; indices or grad_weight; grad_bias
  void* fresh[3] = {};   // a resident run's allocations, freed again when the run fails
  // The memory of result part `part`, `bytes` long: the reused buffer; in a resident run the destination
  // JS named (exactly `bytes`: an `out` of another size is refused before anything is written) or a
  // fresh allocation of exactly that size.
  const auto place = [&](int part, Buffer& reused, size_t bytes, const Shape& of) {
    // (a function: the message is built only on failure, not on every call)
    const auto out_of_memory = [&of] {
      return Status{Code::too_large, "out of memory for an output of size " + of.str(), ""};
    };
    if (!resident) {
      if (!reused.reserve(bytes)) return out_of_memory();
      result[part] = reused.data;
      return Status::success();
    }
    if (part == 0 && g_block[DEST_ADDR] != 0) {
      const size_t given = static_cast<uint32_t>(g_block[DEST_BYTES]);
      if (given != bytes)
        return Status{Code::shape_mismatch,
                      std::string(op_name(op)) + "(): out has " + std::to_string(given / sizeof(float)) +
                          " elements, but the output of size " + of.str() + " needs " +
                          std::to_string(bytes / sizeof(float)),
                      "out"};
      result[0] = reinterpret_cast<void*>(static_cast<uintptr_t>(static_cast<uint32_t>(g_block[DEST_ADDR])));
      return Status::success();
    }
    fresh[part] = std::malloc(bytes > 0 ? bytes : 1);
    if (!fresh[part]) return out_of_memory();
    result[part] = fresh[part];
    return Status::success();
  };
  // Places a plan's output (and its indices when wanted); a 1-D op's result drops its 2-D plan's unit H axis.
  const bool one_d = op == CONV1D || op == CONV_TRANSPOSE1D || op == MAX_POOL1D || op == AVG_POOL1D;
  const auto reserve = [&](const Shape& out_shape) {
    shape = one_d ? detail::squeeze_h(out_shape) : out_shape;
    const size_t n = static_cast<size_t>(shape.numel());
    Status placed = place(0, g_output, n * sizeof(float), shape);
    if (placed.ok() && want_indices) placed = place(1, g_indices, n * sizeof(int32_t), shape);
    if (!placed.ok()) return placed;
    o = OutputBuffer{static_cast<float*>(result[0]), n};
    indices = static_cast<int32_t*>(result[1]);
    return Status::success();
  };
  Status s;
  switch (op) {
    // A 1-D op is the 2-D one on the same data (with a unit H axis).
    case CONV2D:
    case CONV1D: {
      detail::Conv2dPlan p;
      if ((s = PLAN_ONCE(p, plan_conv(op, input, w, &p))).ok() && (s = reserve(detail::output_shape(p))).ok())
        s = detail::conv2d(p, input, w, b, o, packed_weight());
      break;
    }
    case CONV_TRANSPOSE2D:
    case CONV_TRANSPOSE1D: {
      detail::ConvTranspose2dPlan p;
      if ((s = PLAN_ONCE(p, plan_conv_transpose(op, input, w, &p))).ok() && (s = reserve(detail::output_shape(p))).ok())
        s = detail::conv_transpose2d(p, input, w, b, o, packed_weight());
      break;
    }
    case MAX_POOL2D:
    case MAX_POOL1D: {
      detail::Pool2dPlan p;
      if ((s = PLAN_ONCE(p, op == MAX_POOL1D
                                ? detail::plan_max_pool1d(input.shape, max_pool1d_params(), want_indices, &p)
                                : detail::plan_max_pool2d(input.shape, max_pool2d_params(), &p)))
              .ok() &&
          (s = reserve(detail::output_shape(p))).ok())
        s = detail::max_pool2d(p, input, o, indices);
      break;
    }
    case AVG_POOL2D:
    case AVG_POOL1D: {
      detail::Pool2dPlan p;
      if ((s = PLAN_ONCE(p, op == AVG_POOL1D ? detail::plan_avg_pool1d(input.shape, avg_pool1d_params(), &p)
                                             : detail::plan_avg_pool2d(input.shape, avg_pool2d_params(), &p)))
              .ok() &&
          (s = reserve(detail::output_shape(p))).ok())
        s = detail::avg_pool2d(p, input, o);
      break;
    }
    case PAD: {
      detail::PadPlan p;
      if ((s = PLAN_ONCE(p, detail::plan_pad(input.shape, pad_params(pad_value), &p))).ok() &&
          (s = reserve(detail::output_shape(p))).ok())
        s = detail::pad(p, input, o);
      break;
    }
    case MAX_UNPOOL2D: {  // the indices (int32) travel in the weight's slots
      const IndexView idx{reinterpret_cast<const int32_t*>(weight), w.shape};
      detail::MaxUnpool2dPlan p;
      if ((s = PLAN_ONCE(p, detail::plan_max_unpool2d(input.shape, idx.shape, max_unpool2d_params(), &p))).ok() &&
          (s = reserve(detail::output_shape(p))).ok())
        s = detail::max_unpool2d(p, input, idx, o);
      break;
    }
    case ADAPTIVE_AVG_POOL1D:
    case ADAPTIVE_MAX_POOL1D: {  // the 2-D op on the same data, the shapes with a unit H axis
      detail::AdaptivePool2dPlan p;
      const bool avg = op == ADAPTIVE_AVG_POOL1D;
      if ((s = PLAN_ONCE(p, avg ? detail::plan_adaptive_avg_pool1d(input.shape, g_block[OUTSIZE_W], &p)
                                : detail::plan_adaptive_max_pool1d(input.shape, g_block[OUTSIZE_W], &p)))
              .ok() &&
          (s = reserve(detail::output_shape_1d(p))).ok()) {
        const TensorView as_2d{input.data, Shape{p.in.N, p.in.C, p.in.H, p.in.W}};
        s = avg ? detail::adaptive_avg_pool2d(p, as_2d, o) : detail::adaptive_max_pool2d(p, as_2d, o, indices);
      }
      break;
    }
    case UNFOLD: {
      detail::Im2colPlan p;
      if ((s = PLAN_ONCE(p, detail::plan_unfold(input.shape, im2col_params(), &p))).ok() &&
          (s = reserve(detail::columns_shape(p))).ok())
        s = detail::unfold(p, input, o);
      break;
    }
    case FOLD: {
      detail::Im2colPlan p;
      if ((s = PLAN_ONCE(p, detail::plan_fold(input.shape, im2col_params(), &p))).ok() &&
          (s = reserve(detail::output_shape(p.image, p.image.C, p.image.H, p.image.W))).ok())
        s = detail::fold(p, input, o);
      break;
    }
    case LP_POOL2D: {
      detail::Pool2dPlan p;
      if ((s = PLAN_ONCE(p, detail::plan_lp_pool2d(input.shape, lp_pool2d_params(), &p))).ok() &&
          (s = reserve(detail::output_shape(p))).ok())
        s = detail::lp_pool2d(p, input, o);
      break;
    }
    case ADAPTIVE_AVG_POOL2D: {
      detail::AdaptivePool2dPlan p;
      if ((s = PLAN_ONCE(p, detail::plan_adaptive_avg_pool2d(input.shape, adaptive_params(), &p))).ok() &&
          (s = reserve(detail::output_shape(p))).ok())
        s = detail::adaptive_avg_pool2d(p, input, o);
      break;
    }
    case ADAPTIVE_MAX_POOL2D: {
      detail::AdaptivePool2dPlan p;
      if ((s = PLAN_ONCE(p, detail::plan_adaptive_max_pool2d(input.shape, adaptive_params(), &p))).ok() &&
          (s = reserve(detail::output_shape(p))).ok())
        s = detail::adaptive_max_pool2d(p, input, o, indices);
      break;
    }
    case CONV2D_BACKWARD: {
      detail::Conv2dPlan p;
      if ((s = PLAN_ONCE(p, detail::plan_conv2d_backward(grad_output.shape, input.shape, w.shape, bias_shape(),
                                                         conv2d_params(), &p)))
              .ok()) {
        const int64_t gi = input.shape.numel(), gw = w.shape.numel(), gb = p.has_bias ? p.Cout : 0;
        float *grad_input = nullptr, *grad_weight = nullptr, *grad_bias = nullptr;
        if (!resident) {  // one after the other in the reused buffer
          if ((s = reserve(Shape{gi + gw + gb})).ok())
            grad_input = o.data, grad_weight = o.data + gi, grad_bias = o.data + gi + gw;
        } else if ((s = place(0, g_output, static_cast<size_t>(gi) * sizeof(float), input.shape)).ok() &&
                   (s = place(1, g_output, static_cast<size_t>(gw) * sizeof(float), w.shape)).ok() &&
                   (gb == 0 || (s = place(2, g_output, static_cast<size_t>(gb) * sizeof(float), Shape{gb})).ok())) {
          grad_input = static_cast<float*>(result[0]), grad_weight = static_cast<float*>(result[1]);
          grad_bias = static_cast<float*>(result[2]);
        }
        if (s.ok())
          s = detail::conv2d_backward(p, grad_output, input, w, {grad_input, static_cast<size_t>(gi)},
                                      {grad_weight, static_cast<size_t>(gw)}, {grad_bias, static_cast<size_t>(gb)});
        shape = input.shape;
      }
      break;
    }
    case MAX_POOL2D_BACKWARD: {
      detail::Pool2dPlan p;
      if ((s = PLAN_ONCE(p, detail::plan_max_pool2d_backward(grad_output.shape, input.shape, max_pool2d_params(), &p)))
              .ok() &&
          (s = reserve(input.shape)).ok())
        s = detail::max_pool2d_backward(p, grad_output, input, o);
      break;
    }
    case AVG_POOL2D_BACKWARD: {
      detail::Pool2dPlan p;
      if ((s = PLAN_ONCE(p, detail::plan_avg_pool2d_backward(grad_output.shape, input.shape, avg_pool2d_params(), &p)))
              .ok() &&
          (s = reserve(input.shape)).ok())
        s = detail::avg_pool2d_backward(p, grad_output, o);
      break;
    }
    default: s = Status{Code::invalid_argument, "internal: unknown op", ""};
  }
  if (!s.ok()) {
    for (void* p : fresh) std::free(p);
    return finish(s);
  }
  write_shape(shape);
  g_block[OUT_ADDR] = static_cast<int32_t>(reinterpret_cast<uintptr_t>(result[0]));
  g_block[INDICES_ADDR] = static_cast<int32_t>(reinterpret_cast<uintptr_t>(indices));
  for (int part = 0; part < 3; ++part)
    g_block[RESULT_ADDR + part] = resident ? static_cast<int32_t>(reinterpret_cast<uintptr_t>(result[part])) : 0;
  return 0;
}
#undef PLAN_ONCE

// Output shape and per-axis geometry of an op, from the block alone; formulas in text(0), text(1).
int output_info(int op) {
  if (!valid_enum(g_block[MODE], kPaddingModeCount) || !valid_enum(g_block[PAD_KIND], kConvPaddingCount))
    return bad_enum();
  OutputInfo info;
  if (Status s = output_of(op, &info); !s.ok()) return finish(s);
  write_shape(info.shape);
  for (int a = 0; a < 2; ++a) {
    const AxisGeometry& g = info.axis[a];
    int32_t* slot = g_block + AXIS + a * AXIS_STRIDE;
    const int64_t values[10] = {g.input,     g.kernel,         g.stride, g.dilation,  g.pad_before,
                                g.pad_after, g.output_padding, g.output, g.ceil_mode, g.dropped_last_window};
    for (int i = 0; i < 10; ++i) slot[i] = static_cast<int32_t>(values[i]);
    g_text[a] = axis_formula(g);
  }
  return 0;
}

// Receptive field of the output element at OUT_INDEX; taps at tapsAddress(), kTapInts each.
int receptive_field(int op) {
  if (!valid_enum(g_block[MODE], kPaddingModeCount) || !valid_enum(g_block[PAD_KIND], kConvPaddingCount))
    return bad_enum();
  const Shape input = read_shape(IN_RANK, Shape::kMaxRank), weight = read_shape(W_RANK, 4);
  const int64_t idx[4] = {g_block[OUT_INDEX], g_block[OUT_INDEX + 1], g_block[OUT_INDEX + 2], g_block[OUT_INDEX + 3]};
  ReceptiveField f;
  Status s;
  switch (op) {
    case CONV2D: s = conv2d_receptive_field(input, weight, conv2d_params(), idx, &f); break;
    case CONV_TRANSPOSE2D:
      s = conv_transpose2d_receptive_field(input, weight, conv_transpose2d_params(), idx, &f);
      break;
    case MAX_POOL2D: s = max_pool2d_receptive_field(input, max_pool2d_params(), idx, &f); break;
    case AVG_POOL2D: s = avg_pool2d_receptive_field(input, avg_pool2d_params(), idx, &f); break;
    case LP_POOL2D: s = lp_pool2d_receptive_field(input, lp_pool2d_params(), idx, &f); break;
    case ADAPTIVE_AVG_POOL2D: s = adaptive_avg_pool2d_receptive_field(input, adaptive_params(), idx, &f); break;
    case ADAPTIVE_MAX_POOL2D: s = adaptive_max_pool2d_receptive_field(input, adaptive_params(), idx, &f); break;
    case CONV1D: s = conv1d_receptive_field(input, weight, conv1d_params(), idx, &f); break;
    case CONV_TRANSPOSE1D:
      s = conv_transpose1d_receptive_field(input, weight, conv_transpose1d_params(), idx, &f);
      break;
    case MAX_POOL1D: s = max_pool1d_receptive_field(input, max_pool1d_params(), idx, &f); break;
    case AVG_POOL1D: s = avg_pool1d_receptive_field(input, avg_pool1d_params(), idx, &f); break;
    case ADAPTIVE_AVG_POOL1D: s = adaptive_avg_pool1d_receptive_field(input, g_block[OUTSIZE_W], idx, &f); break;
    case ADAPTIVE_MAX_POOL1D: s = adaptive_max_pool1d_receptive_field(input, g_block[OUTSIZE_W], idx, &f); break;
    case UNFOLD: s = unfold_receptive_field(input, im2col_params(), idx, &f); break;
    case FOLD: s = fold_receptive_field(input, im2col_params(), idx, &f); break;
    default: return bad_enum();
  }
  if (!s.ok()) return finish(s);
  g_taps.resize(f.taps.size() * kTapInts);
  int32_t* t = g_taps.data();
  for (const Tap& tap : f.taps) {
    const int64_t v[kTapInts] = {tap.n,         tap.c,         tap.y,           tap.x,
                                 tap.source_y,  tap.source_x,  tap.input_index, tap.weight[0],
                                 tap.weight[1], tap.weight[2], tap.weight[3],   tap.weight_index};
    for (int i = 0; i < kTapInts; ++i) *t++ = static_cast<int32_t>(v[i]);
  }
  g_block[RF_COUNT] = static_cast<int32_t>(f.taps.size());
  g_block[RF_BIAS] = static_cast<int32_t>(f.bias_index);
  g_block[RF_DIVISOR] = static_cast<int32_t>(f.divisor);
  return 0;
}

// Writes a batch of receptive fields into g_fields as int32 columns: offsets (count + 1: element
// i's taps are offsets[i] … offsets[i + 1]), bias index (count), divisor (count), then kTapInts
// columns of `taps` values each, in the order of a tap's ints.
struct ColumnSink final : FieldSink {
  int32_t *offsets = nullptr, *bias = nullptr, *divisor = nullptr, *columns = nullptr;
  int64_t taps = 0, cell = 0;
  bool reserve(const Shape& output, int64_t, int64_t count, int64_t total_taps) override {
    // count and taps ≤ kMaxFieldTaps: a few MiB, no overflow even in 32-bit size_t
    if (!g_fields.reserve(static_cast<size_t>(3 * count + 1 + kTapInts * total_taps) * sizeof(int32_t))) return false;
    offsets = static_cast<int32_t*>(g_fields.data), bias = offsets + count + 1, divisor = bias + count;
    columns = divisor + count, taps = total_taps, cell = 0, offsets[0] = 0;
    write_shape(output);
    g_block[FIELDS_COUNT] = static_cast<int32_t>(count), g_block[RF_COUNT] = static_cast<int32_t>(total_taps);
    return true;
  }
  void add(const ReceptiveField& f) override {
    int64_t k = offsets[cell];
    for (const Tap& tap : f.taps) {
      const int64_t v[kTapInts] = {tap.n,         tap.c,         tap.y,           tap.x,
                                   tap.source_y,  tap.source_x,  tap.input_index, tap.weight[0],
                                   tap.weight[1], tap.weight[2], tap.weight[3],   tap.weight_index};
      for (int i = 0; i < kTapInts; ++i) columns[i * taps + k] = static_cast<int32_t>(v[i]);
      ++k;
    }
    bias[cell] = static_cast<int32_t>(f.bias_index), divisor[cell] = static_cast<int32_t>(f.divisor);
    offsets[++cell] = static_cast<int32_t>(k);
  }
};

// Receptive fields of output elements FIELDS_START … (FIELDS_COUNT of them, or to the end without
// HAS_FIELDS_COUNT), planned once; the columns at FIELDS_ADDR (ColumnSink), the output shape at OUT_*.
int receptive_fields(int op) {
  if (!valid_enum(g_block[MODE], kPaddingModeCount) || !valid_enum(g_block[PAD_KIND], kConvPaddingCount))
    return bad_enum();
  const Shape input = read_shape(IN_RANK, Shape::kMaxRank), weight = read_shape(W_RANK, 4);
  const int64_t start = g_block[FIELDS_START];
  const std::optional<int64_t> count =
      g_block[HAS_FIELDS_COUNT] ? std::optional<int64_t>(g_block[FIELDS_COUNT]) : std::nullopt;
  ColumnSink sink;
  Status s;
  switch (op) {
    case CONV2D: s = conv2d_receptive_fields(input, weight, conv2d_params(), start, count, &sink); break;
    case CONV_TRANSPOSE2D:
      s = conv_transpose2d_receptive_fields(input, weight, conv_transpose2d_params(), start, count, &sink);
      break;
    case MAX_POOL2D: s = max_pool2d_receptive_fields(input, max_pool2d_params(), start, count, &sink); break;
    case AVG_POOL2D: s = avg_pool2d_receptive_fields(input, avg_pool2d_params(), start, count, &sink); break;
    case LP_POOL2D: s = lp_pool2d_receptive_fields(input, lp_pool2d_params(), start, count, &sink); break;
    case ADAPTIVE_AVG_POOL2D:
      s = adaptive_avg_pool2d_receptive_fields(input, adaptive_params(), start, count, &sink);
      break;
    case ADAPTIVE_MAX_POOL2D:
      s = adaptive_max_pool2d_receptive_fields(input, adaptive_params(), start, count, &sink);
      break;
    case CONV1D: s = conv1d_receptive_fields(input, weight, conv1d_params(), start, count, &sink); break;
    case CONV_TRANSPOSE1D:
      s = conv_transpose1d_receptive_fields(input, weight, conv_transpose1d_params(), start, count, &sink);
      break;
    case MAX_POOL1D: s = max_pool1d_receptive_fields(input, max_pool1d_params(), start, count, &sink); break;
    case AVG_POOL1D: s = avg_pool1d_receptive_fields(input, avg_pool1d_params(), start, count, &sink); break;
    case ADAPTIVE_AVG_POOL1D:
      s = adaptive_avg_pool1d_receptive_fields(input, g_block[OUTSIZE_W], start, count, &sink);
      break;
    case ADAPTIVE_MAX_POOL1D:
      s = adaptive_max_pool1d_receptive_fields(input, g_block[OUTSIZE_W], start, count, &sink);
      break;
    case UNFOLD: s = unfold_receptive_fields(input, im2col_params(), start, count, &sink); break;
    case FOLD: s = fold_receptive_fields(input, im2col_params(), start, count, &sink); break;
    default: return bad_enum();
  }
  if (!s.ok()) return finish(s);
  g_block[FIELDS_ADDR] = static_cast<int32_t>(reinterpret_cast<uintptr_t>(g_fields.data));
  return 0;
}

// The parameter count of the module of `op` (CONV2D, CONV_TRANSPOSE2D, CONV1D, CONV_TRANSPOSE1D) from the
// PC_* slots (a 1-D kernel in PC_KW); formula in text(2).
int parameter_count(int op) {
  ParameterCount c;
  const Pair k{g_block[PC_KH], g_block[PC_KW]};
  const int64_t in = g_block[PC_IN], out = g_block[PC_OUT], groups = g_block[PC_GROUPS];
  const bool bias = g_block[PC_BIAS];
  Status s;
  switch (op) {
    case CONV2D: s = conv2d_parameter_count(in, out, k, groups, bias, &c); break;
    case CONV_TRANSPOSE2D: s = conv_transpose2d_parameter_count(in, out, k, groups, bias, &c); break;
    case CONV1D: s = conv1d_parameter_count(in, out, k.w, groups, bias, &c); break;
    case CONV_TRANSPOSE1D: s = conv_transpose1d_parameter_count(in, out, k.w, groups, bias, &c); break;
    default: return bad_enum();
  }
  if (!s.ok()) return finish(s);
  g_block[PC_WEIGHTS_OUT] = static_cast<int32_t>(c.weights);
  g_block[PC_BIAS_OUT] = static_cast<int32_t>(c.bias);
  g_block[PC_TOTAL_OUT] = static_cast<int32_t>(c.total);
  g_text[2] = c.formula;
  return 0;
}

// The protocol JS reads once at load, as JSON: slots, ids and code names, all from the definitions
// above, so a JS copy cannot drift from them. (A string, not an emscripten::val: no extra glue.)
std::string boundary() {
  std::string j = "{\"slots\":{";
  const auto entry = [&j](const char* name, int value) {
    if (j.back() != '{' && j.back() != '[') j += ',';
    j += std::string("\"") + name + "\":" + std::to_string(value);
  };
#define CONVLENS_SLOT_ENTRY(name, value) entry(#name, value);
  CONVLENS_SLOTS(CONVLENS_SLOT_ENTRY)
#undef CONVLENS_SLOT_ENTRY
  j += "},\"tapInts\":" + std::to_string(kTapInts) + ",\"ops\":{";
  for (const auto& op : kOps) entry(op.name, op.id);
  j += "},\"paddingModes\":{";
  for (const auto& mode : kPaddingModes) entry(mode.name, static_cast<int>(mode.id));
  j += "},\"convPaddings\":{";
  for (const auto& kind : kConvPaddings) entry(kind.name, static_cast<int>(kind.id));
  // Code numbers are dense from ok = 0; code_name() knows every one (-Wswitch keeps it complete).
  j += "},\"codes\":[";
  for (int c = 0; std::strcmp(code_name(static_cast<Code>(c)), "UNKNOWN") != 0; ++c)
    j += std::string(c ? ",\"" : "\"") + code_name(static_cast<Code>(c)) + "\"";
  return j + "]}";
}

uintptr_t block_address() { return reinterpret_cast<uintptr_t>(g_block); }
uintptr_t taps_address() { return reinterpret_cast<uintptr_t>(g_taps.data()); }
std::string error_message() { return g_error; }
std::string error_argument() { return g_error_argument; }
std::string text(int i) { return i >= 0 && i < 3 ? g_text[i] : std::string(); }
// The threads every kernel uses from now on (1 on the single-threaded builds); returns the count in effect.
int set_threads(int n) { return detail::set_parallel_threads(n); }

}  // namespace

// run() is also a plain export, which the JS calls: every op goes through it, and Embind's wrapper around a
// function costs about as much as a small op's kernel.
extern "C" EMSCRIPTEN_KEEPALIVE int convlens_run(int op) { return run(op); }

EMSCRIPTEN_BINDINGS(convlens) {
  emscripten::function("boundary", &boundary);
  emscripten::function("blockAddress", &block_address);
  emscripten::function("tapsAddress", &taps_address);
  emscripten::function("packWeight", &pack_weight);
  emscripten::function("outputInfo", &output_info);
  emscripten::function("receptiveField", &receptive_field);
  emscripten::function("receptiveFields", &receptive_fields);
  emscripten::function("parameterCount", &parameter_count);
  emscripten::function("errorMessage", &error_message);
  emscripten::function("errorArgument", &error_argument);
  emscripten::function("text", &text);
  emscripten::function("setThreads", &set_threads);
  // The core's limits, read by the JS wrapper (which checks sizes before it copies anything in).
  emscripten::constant("MAX_ELEMENTS", static_cast<int32_t>(kMaxElements));
  emscripten::constant("MAX_FIELD_TAPS", static_cast<int32_t>(kMaxFieldTaps));
}
