# Writes a C++ source that holds a file's bytes as an array, so the binary
# carries its own copy of the schema and never reads one at run time.
#   cmake -DINPUT=... -DOUTPUT=... -DSYMBOL=... -P embed_file.cmake
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by embed_file.cmake. Do not edit.\n"
  "#include <cstddef>\n\n"
  "namespace seteli::finvoice::internal {\n\n"
  "extern const unsigned char ${SYMBOL}[] = {\n${bytes}\n0x00};\n"
  "extern const std::size_t ${SYMBOL}Size = ${size};\n\n"
  "}  // namespace seteli::finvoice::internal\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
