package io.coinpulse.launcher;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./coinpulse stop}: stops the stack started by {@code up}, from any terminal. The process that
 * owns the stack gets SIGTERM and stops every part in order (sources first, storage last), as on Ctrl-C;
 * anything recorded under {@code run/} that is still alive afterwards is stopped too.
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop the running stack (started by ./coinpulse up in any terminal).")
final class StopCommand implements Callable<Integer> {

    @Mixin
    WorkDirOption dirs;

    @Override
    public Integer call() throws Exception {
        Optional<StackRecord> stack = StackRecord.read(dirs.work());
        boolean stopped = false;
        if (stack.isPresent()) {
            Optional<ProcessHandle> owner = ProcessHandle.of(stack.get().launcherPid());
            if (owner.isPresent()) {
                UpCommand.say("stopping the stack (pid " + owner.get().pid() + ")");
                owner.get().destroy();
                if (!owner.get().onExit().toCompletableFuture().completeOnTimeout(null, 3, TimeUnit.MINUTES)
                        .thenApply(p -> p != null).get()) {
                    UpCommand.say("the stack did not stop within 3 minutes: stopping its parts one by one");
                }
                stopped = true;
            }
        }
        int leftovers = dirs.registry().reapStale(UpCommand::say);
        if (!stopped && leftovers == 0) {
            UpCommand.say("not running");
            return StatusCommand.NOT_RUNNING;
        }
        UpCommand.say("stopped");
        return 0;
    }
}
