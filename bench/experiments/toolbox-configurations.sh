# The six configurations of issue 25's toolbox comparison (sourced, not run): one list
# for toolbox-speeds.sh, which measures their speeds, and toolbox-compare.sh, which trains
# them. Each is a change of the standard preset, given as the values of
#   penalty+loss+spectral-norm+ortho-reg
# that `textgan compare --vary` takes ("default": the preset's value).
toolbox_varied=penalty+loss+spectral-norm+ortho-reg
toolbox_names=(control sn-none sn-gp hinge-sn r1-ns gp-ortho)
toolbox_values=(
    gp+default+default+default     # the control: the standard preset itself
    none+default+critic+default    # spectral norm on the critic, no penalty
    gp+default+critic+default      # spectral norm with gp
    none+hinge+critic+default      # the hinge loss with spectral norm (Miyato et al. 2018: no penalty)
    r1+ns+default+default          # R1 with the non-saturating loss (Mescheder et al. 2018)
    gp+default+default+5e-5        # gp with orthogonal regularisation of the generator (BigGAN's 1e-4
                                   # in BigGAN-PyTorch's scaling, which applies half this gradient)
)
# Seconds per iteration of each, two 1-thread runs side by side, measured by
# toolbox-speeds.sh with the binary of 47c535d on this project's 2-vCPU AMD EPYC (Zen 3)
# (bench/results/2026-12-07-toolbox-speeds/train-speeds-47c535d.txt): the budgets of the
# comparison in docs/penalties.md. SPEEDS=FILE in toolbox-compare.sh replaces them.
toolbox_seconds_per_iteration=(0.0716 0.0567 0.0773 0.0616 0.0772 0.0826)

# toolbox_train_options VALUES: the train options of one entry of toolbox_values,
# e.g. "none+hinge+critic+default" → "--penalty none --loss hinge --spectral-norm critic".
toolbox_train_options() {
    local -a names values
    IFS=+ read -r -a names <<< "$toolbox_varied"
    IFS=+ read -r -a values <<< "$1"
    local options="" i
    for i in "${!names[@]}"; do
        [ "${values[$i]}" = default ] || options+="${options:+ }--${names[$i]} ${values[$i]}"
    done
    echo "$options"
}
