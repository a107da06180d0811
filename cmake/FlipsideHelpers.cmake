# flipside_embed(<target> <function> <base-dir> <files...>): adds a generated source to <target>
# that exposes `flipside::embedded::<function>()` returning {relative name, contents} pairs.
function(flipside_embed target function base)
  set(files ${ARGN})
  set(output "${CMAKE_CURRENT_BINARY_DIR}/${function}.cpp")
  add_custom_command(
    OUTPUT "${output}"
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${output} -DFUNCTION=${function} -DBASE=${base}
            "-DFILES=${files}" -P "${PROJECT_SOURCE_DIR}/cmake/embed.cmake"
    DEPENDS ${files} "${PROJECT_SOURCE_DIR}/cmake/embed.cmake"
    COMMENT "Embedding ${function}"
    VERBATIM)
  target_sources(${target} PRIVATE "${output}")
endfunction()

# Our warnings, applied per target so third-party headers are not held to them.
function(flipside_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic
    # Designated initialisers that leave members at their defaults are intended.
    -Wno-missing-field-initializers
    # GCC 12 at -O3 reports false -Wrestrict overlaps inside std::string (GCC bug 105329).
    -Wno-restrict)
  if(FLIPSIDE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
