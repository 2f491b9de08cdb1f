"""The `perfeval` command line.

Subcommands live in their own modules and are imported only when invoked, so
`perfeval validate` never pays for hypothesis or openpyxl. Any PerfevalError
becomes one clear paragraph on stderr and exit code 2, never a traceback. A reader that
stops early (`perfeval validate … | head`) ends the run quietly with exit code 141, as a
shell reports any command stopped by a closed pipe.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import importlib.util
import os
import sys

import click

from .._gc import paused_gc
from ..errors import PerfevalError
from . import _zh

_zh.install()  # click's own messages in Chinese; before the commands below are built

# name -> "module:attribute"; a module not present yet is simply not listed.
COMMANDS: dict[str, str] = {
    "show": "perfeval.cli.show:show",
    "convert": "perfeval.cli.convert:convert",
    "validate": "perfeval.cli.validate:validate",
    "score": "perfeval.cli.score:score",
    "audit": "perfeval.cli.audit:audit",
    "rules": "perfeval.cli.rules:rules",
    "template": "perfeval.cli.template:template",
}

_HELP = {
    "show": "打印文档中的全部表格（预算表与绩效目标表）。",
    "convert": "在 PDF 提取文本、YAML、JSON、Excel 之间转换。",
    "validate": "提交前检查绩效目标表。",
    "score": "按评分规则对年终自评打分。",
    "audit": "复核已填报的自评表。",
    "rules": "列出或检查规则集。",
    "template": "生成发给单位填写的实际完成值模板。",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return [name for name in COMMANDS if importlib.util.find_spec(COMMANDS[name].split(":")[0]) is not None]

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        if importlib.util.find_spec(module_name) is None:
            return None
        with paused_gc():  # a command's modules are built once and kept (see perfeval/__main__.py)
            return getattr(importlib.import_module(module_name), attr)

    def format_commands(self, ctx, formatter):
        rows = [(name, _HELP.get(name, "")) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)

    def invoke(self, ctx):
        safe_streams()
        try:
            return super().invoke(ctx)
        except PerfevalError as exc:
            click.echo(f"perfeval: 错误：\n{exc.render()}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError as exc:
            if not _stdout_closed():  # some other pipe (a worker's): a perfeval bug like any other
                if ctx.meta.get("perfeval.debug"):
                    raise
                click.echo(unexpected(exc), err=True)
                ctx.exit(2)
            _drop_stdout()
            ctx.exit(READER_GONE)
        except Exception as exc:  # the last guard: whatever escaped is a perfeval bug, not a traceback
            if ctx.meta.get("perfeval.debug"):
                raise
            click.echo(unexpected(exc), err=True)
            ctx.exit(2)


def unexpected(exc: BaseException) -> str:
    """The one paragraph printed for an error perfeval did not foresee (exit 2)."""
    if isinstance(exc, MemoryError):
        what = "内存不足：输入超出了 perfeval 能处理的规模（上限见 docs/limits.md）"
    elif isinstance(exc, RecursionError):
        what = "输入嵌套过深（上限见 docs/limits.md）"
    else:
        what = f"内部错误（{type(exc).__name__}）"
    return (f"perfeval: 错误：处理输入时发生{what}，未能完成。输入文件没有被修改。"
            "这是 perfeval 应当给出清楚说明却没有做到的情况，请把所用的命令和输入文件（可去掉敏感内容）"
            "报告给维护者；加 --debug（perfeval --debug 子命令 …）可看到完整的 Python 调用栈。")


#: the exit code of a run whose reader closed standard output early (128 + SIGPIPE, what a shell shows for
#: a command a closed pipe stopped), so `set -o pipefail` scripts see it as they see any other tool's
READER_GONE = 141


def _stdout_closed() -> bool:
    """Whether standard output is a pipe whose reader has gone (poll reports an error on its write end);
    where poll is missing (Windows), a broken pipe is taken to be standard output's."""
    try:
        import select

        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))
    except (AttributeError, OSError, ValueError):
        return True


def _drop_stdout() -> None:
    """Send what is still buffered for standard output, and all later writes, nowhere: the reader is gone
    and the interpreter's last flush would otherwise fail again with a message on stderr."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):  # pragma: no cover - a stream without a descriptor
        pass


def _flush_stdout() -> None:
    """Flush standard output before the run ends; a reader gone by now ends it with READER_GONE."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _drop_stdout()
        raise SystemExit(READER_GONE) from None
    except (AttributeError, OSError, ValueError):  # pragma: no cover - a closed or detached stream
        pass


def safe_streams() -> None:
    """On a console that cannot show every character (GBK on Chinese Windows, or PYTHONIOENCODING=gbk),
    replace what it cannot encode instead of failing with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and encoding not in ("utf8", "utf_8"):
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # pragma: no cover - a detached or closed stream
                pass


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="perfeval")
@click.option("--debug", is_flag=True, envvar="PERFEVAL_DEBUG", help="出现内部错误时显示完整的 Python 调用栈。")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """perfeval：预算绩效目标的校验、评分与规则测试。"""
    ctx.meta["perfeval.debug"] = debug


def main(argv: list[str] | None = None) -> None:
    safe_streams()
    # The interpreter's last collections, as it exits, would scan every object the run kept only to free them
    # anyway (20 ms after validating the seed, 60-80 ms after 100,000 indicators); frozen, they are freed
    # without the scan. Registered before the command runs, it runs after the exit handlers the command registers.
    if not _EXIT_FREEZE:
        atexit.register(gc.freeze)
        _EXIT_FREEZE.append(True)
    try:
        cli.main(args=argv, prog_name="perfeval")
    except SystemExit:
        # what is left in standard output's buffer is written here, not by the interpreter's shutdown, so a
        # reader that stopped early gives exit code 141 and no message (the command's own code otherwise)
        _flush_stdout()
        raise


_EXIT_FREEZE: list[bool] = []  # registered once per process, however often main() is called


def run(argv: list[str] | None = None) -> None:
    """`perfeval` as a process of its own (the console script, `python -m perfeval`): `main`, then the process
    ends as the interpreter would end it (exit handlers run, standard streams flushed, the same exit code) but
    without tearing the interpreter down: freeing every module, class and kept result costs 20 ms of every run
    and writes nothing. Only for the process's own entry point: a caller that goes on afterwards calls `main`."""
    try:
        main(argv)
    except SystemExit as exc:
        code = exc.code
    else:
        code = None
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:  # a thread still running: let the interpreter wait
        raise SystemExit(code)
    if code is not None and not isinstance(code, int):  # (as the interpreter reports a SystemExit with a message)
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):  # (a reader gone: main has already said so by the code)
            pass
    os._exit(code or 0)


if __name__ == "__main__":  # pragma: no cover
    run(sys.argv[1:])
