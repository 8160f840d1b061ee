# ctest simd_opcodes: cmake -DWASM_OBJDUMP=... -DSIMD_WASM=... -DSCALAR_WASM=... -P check_simd_opcodes.cmake
# The SIMD module must contain f32x4 instructions; the scalar module must contain no SIMD
# instruction at all (no v128.* and no lane-typed op such as f32x4.* or i8x16.*), or it
# would fail to validate on engines without SIMD, the very ones it exists for.
function(disassemble wasm out)
  if(NOT EXISTS "${wasm}")
    message(FATAL_ERROR "simd_opcodes: ${wasm} does not exist (build the wasm preset first)")
  endif()
  execute_process(COMMAND "${WASM_OBJDUMP}" -d "${wasm}"
    OUTPUT_VARIABLE text ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "simd_opcodes: wasm-objdump -d ${wasm} failed (${rc}): ${err}")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

set(SIMD_OP_RE "(v128|[if](8x16|16x8|32x4|64x2))\\.[a-z_0-9]+")

disassemble("${SIMD_WASM}" simd_text)
string(REGEX MATCHALL "f32x4\\.[a-z_0-9]+" f32x4_ops "${simd_text}")
list(LENGTH f32x4_ops n_simd)
string(REGEX MATCHALL "${SIMD_OP_RE}" simd_ops "${simd_text}")
list(LENGTH simd_ops n_simd_all)

disassemble("${SCALAR_WASM}" scalar_text)
string(REGEX MATCHALL "${SIMD_OP_RE}" scalar_ops "${scalar_text}")
list(LENGTH scalar_ops n_scalar)

get_filename_component(simd_name "${SIMD_WASM}" NAME)
get_filename_component(scalar_name "${SCALAR_WASM}" NAME)
message(STATUS "${simd_name}: ${n_simd} f32x4 instructions (${n_simd_all} SIMD in all); "
               "${scalar_name}: ${n_scalar} SIMD instructions")
if(n_simd EQUAL 0)
  message(FATAL_ERROR "simd_opcodes: ${SIMD_WASM} contains no f32x4 instruction: is the core built with -msimd128, and does it use wasm_simd128.h?")
endif()
if(NOT n_scalar EQUAL 0)
  list(REMOVE_DUPLICATES scalar_ops)
  message(FATAL_ERROR "simd_opcodes: ${SCALAR_WASM} contains SIMD instructions: ${scalar_ops}")
endif()
