# The two commands of the README. Each installs what is missing (Debian
# packages), builds out of tree in build/, then runs.
BUILD ?= build
JOBS ?= $(shell nproc)
DEBS := cmake g++ make pkg-config libboost-dev libxml2-dev libxml2-utils libssl-dev libpoco-dev \
        libyaml-cpp-dev libgtest-dev libsqlite3-dev sqlite3 postgresql openssl python3 \
        chromium \
        python3-aiosmtpd

.PHONY: all deps build test demo clean

all: build

deps:
	@missing=""; for p in $(DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSETELI_WERROR=ON > /dev/null
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

demo: build
	$(BUILD)/seteli demo

clean:
	rm -rf $(BUILD)
