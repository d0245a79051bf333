# podinit as a FROM scratch image. The build stage runs the same scripts as the README's
# commands (scripts/setup.sh, then scripts/build.sh for the static binary).
#   podman build -t podinit .                   the image: /podinit and nothing else
#   podman build --target debug -t podinit:debug .
#                                                the same plus busybox-static as /bin/sh and its
#                                                applets, to look around inside a pod
# scripts/image.sh builds both, making the debian:bookworm base offline when there is none.
FROM debian:bookworm AS build
WORKDIR /src
COPY . .
RUN bash scripts/setup.sh --build \
 && PODINIT_STATIC_ONLY=1 bash scripts/build.sh \
 && install -m 0755 build-static/entrypoint/podinit /podinit

FROM scratch AS debug
COPY --from=build /podinit /podinit
COPY --from=build /bin/busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
ENTRYPOINT ["/podinit"]
CMD ["--help"]

FROM scratch
COPY --from=build /podinit /podinit
ENTRYPOINT ["/podinit"]
CMD ["--help"]
