#!/bin/sh
# Lints the CloudFormation (JSON and YAML) and Terraform exports of the
# interop design with the tools themselves, when they are installed.
#
#   run-lint.sh cfn-lint|terraform DESIGN WORK_DIR KEYSHAPE_CLI
#
# Exit 77 (skipped) when the tool is missing.
set -u
tool=$1
design=$2
work=$3
cli=$4

mkdir -p "$work" || exit 1
case $tool in
  cfn-lint)
    if ! command -v cfn-lint >/dev/null 2>&1; then
      echo "# skip: cfn-lint is not installed (pip install cfn-lint)"
      exit 77
    fi
    "$cli" export "$design" --format cloudformation -o "$work/interop.template.json" || exit 1
    "$cli" export "$design" --format cloudformation-yaml -o "$work/interop.template.yaml" || exit 1
    cfn-lint --version
    # errors (2) and warnings (4) fail; informational findings (8) do not
    cfn-lint "$work/interop.template.json" "$work/interop.template.yaml"
    status=$?
    if [ $((status & 6)) -ne 0 ]; then
      echo "cfn-lint found problems (exit $status)"
      exit 1
    fi
    echo "cfn-lint: no error or warning on the JSON and YAML templates"
    ;;
  terraform)
    if ! command -v terraform >/dev/null 2>&1; then
      echo "# skip: terraform is not installed"
      exit 77
    fi
    rm -rf "$work/tf" && mkdir -p "$work/tf" || exit 1
    "$cli" export "$design" --format terraform -o "$work/tf/main.tf" || exit 1
    # fmt needs no provider and no network
    if ! TF_CLI_CONFIG_FILE=/dev/null terraform fmt -check -diff "$work/tf/main.tf"; then
      echo "terraform fmt -check: the export is not formatted as terraform fmt would"
      exit 1
    fi
    echo "terraform fmt -check: clean"
    ;;
  *)
    echo "usage: run-lint.sh cfn-lint|terraform DESIGN WORK_DIR KEYSHAPE_CLI" >&2
    exit 2
    ;;
esac
exit 0
