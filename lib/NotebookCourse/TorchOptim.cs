using NotebookCourse.Optim;
using NotebookCourse.Tensors;

namespace NotebookCourse;

public static partial class torch
{
    /// <summary>Optimizers and learning-rate schedulers, PyTorch style: <c>optim.Adam(model.parameters(), lr: 1e-3)</c>.</summary>
    public static partial class optim
    {
        /// <summary>Stochastic gradient descent (momentum, dampening, nesterov, weight_decay).</summary>
        public static Optim.SGD SGD(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false) =>
            new(parameters, lr, momentum, dampening, weight_decay, nesterov);

        /// <summary>SGD over parameter groups with their own options (e.g. a larger lr near the output).</summary>
        public static Optim.SGD SGD(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false) =>
            new(groups, lr, momentum, dampening, weight_decay, nesterov);

        /// <summary>Adam (betas default (0.9, 0.999)).</summary>
        public static Optim.Adam Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8, double weight_decay = 0, bool amsgrad = false) =>
            new(parameters, lr, betas, eps, weight_decay, amsgrad);

        /// <summary>Adam over parameter groups.</summary>
        public static Optim.Adam Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8, double weight_decay = 0, bool amsgrad = false) =>
            new(groups, lr, betas, eps, weight_decay, amsgrad);

        /// <summary>AdamW: Adam with decoupled weight decay (default 0.01).</summary>
        public static Optim.AdamW AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8, double weight_decay = 1e-2, bool amsgrad = false) =>
            new(parameters, lr, betas, eps, weight_decay, amsgrad);

        /// <summary>AdamW over parameter groups.</summary>
        public static Optim.AdamW AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8, double weight_decay = 1e-2, bool amsgrad = false) =>
            new(groups, lr, betas, eps, weight_decay, amsgrad);

        /// <summary>RMSprop (alpha, eps, weight_decay, momentum, centered).</summary>
        public static Optim.RMSprop RMSprop(IEnumerable<Tensor> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weight_decay = 0, double momentum = 0, bool centered = false) =>
            new(parameters, lr, alpha, eps, weight_decay, momentum, centered);

        /// <summary>RMSprop over parameter groups.</summary>
        public static Optim.RMSprop RMSprop(IEnumerable<ParamGroup> groups, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weight_decay = 0, double momentum = 0, bool centered = false) =>
            new(groups, lr, alpha, eps, weight_decay, momentum, centered);

        /// <summary>Learning-rate schedulers: <c>optim.lr_scheduler.CosineAnnealingLR(opt, T_max: epochs)</c>; call <c>step()</c> after each epoch (OneCycleLR: each batch).</summary>
        public static class lr_scheduler
        {
            /// <summary>lr × gamma every step_size steps.</summary>
            public static Optim.StepLR StepLR(Optimizer optimizer, int step_size, double gamma = 0.1) => new(optimizer, step_size, gamma);

            /// <summary>lr × gamma at each milestone.</summary>
            public static Optim.MultiStepLR MultiStepLR(Optimizer optimizer, int[] milestones, double gamma = 0.1) => new(optimizer, milestones, gamma);

            /// <summary>lr = base × f(step).</summary>
            public static Optim.LambdaLR LambdaLR(Optimizer optimizer, Func<int, double> lr_lambda) => new(optimizer, lr_lambda);

            /// <summary>Linear factor change over total_iters steps (linear warmup).</summary>
            public static Optim.LinearLR LinearLR(Optimizer optimizer, double start_factor = 1.0 / 3, double end_factor = 1.0, int total_iters = 5) =>
                new(optimizer, start_factor, end_factor, total_iters);

            /// <summary>Cosine decay to eta_min over T_max steps.</summary>
            public static Optim.CosineAnnealingLR CosineAnnealingLR(Optimizer optimizer, int T_max, double eta_min = 0) => new(optimizer, T_max, eta_min);

            /// <summary>1cycle policy over total_steps steps (step once per batch).</summary>
            public static Optim.OneCycleLR OneCycleLR(Optimizer optimizer, double max_lr, int total_steps, double pct_start = 0.3, string anneal_strategy = "cos",
                bool cycle_momentum = true, double base_momentum = 0.85, double max_momentum = 0.95, double div_factor = 25, double final_div_factor = 1e4, bool three_phase = false) =>
                new(optimizer, max_lr, total_steps, pct_start, anneal_strategy, cycle_momentum, base_momentum, max_momentum, div_factor, final_div_factor, three_phase);
        }
    }
}
