# The two commands: `make run` and `make test`. Both install what is missing first.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
CMAKE_FLAGS ?=

.PHONY: run test build deps configure clean format bench teams-package

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS) > /dev/null

build: configure
	@cmake --build $(BUILD_DIR) --parallel 2

run: build
	./$(BUILD_DIR)/flipside serve

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure --parallel 2

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD_DIR)

# The Microsoft Teams app package (manifest + icons, zipped); needs only node, not the C++ build.
# FLIPSIDE_TEAMS_APP_ID (environment or ./.env) replaces the placeholder bot id; see manifest/teams/README.md.
teams-package:
	@node scripts/teams-package.js $(BUILD_DIR)/teams-package
