"""PyTorch's own float32 error on a trajectory fixture: replays the fixture's draws
in float64 and in float32 and prints the largest |a - b| / (1 + |b|) of the losses
and final weights against the fixture (the measure textgan's float32 test uses).

Usage: python replay_float32.py trajectory.json
"""
import json, os, sys
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "../../../../bench"))
from pytorch_baseline import Critic, Generator

fx = json.load(open(sys.argv[1]))
m = fx["model"]; V, T, C, BL, K, Z = m["vocabularySize"], m["sequenceLength"], m["channels"], m["blocks"], m["kernelSize"], m["latentSize"]
B = fx["batchSize"]; LAM = fx["lambda"]

def to_torch(weights, gen, critic, dtype):
    def conv(name, mod):
        mod.weight.copy_(torch.tensor(weights[name + ".weight"]["values"], dtype=dtype).view(*weights[name + ".weight"]["shape"]).permute(2, 1, 0))
        mod.bias.copy_(torch.tensor(weights[name + ".bias"]["values"], dtype=dtype))
    def blocks(prefix, seq):
        for i, b in enumerate(seq):
            conv(f"{prefix}.block{i+1}.conv1", b.conv1); conv(f"{prefix}.block{i+1}.conv2", b.conv2)
    with torch.no_grad():
        w = torch.tensor(weights["generator.input.weight"]["values"], dtype=dtype).view(Z, T * C).t()  # [T*C, Z], row t*C+c
        gen.input.weight.copy_(w.view(T, C, Z).permute(1, 0, 2).reshape(C * T, Z))
        gen.input.bias.copy_(torch.tensor(weights["generator.input.bias"]["values"], dtype=dtype).view(T, C).t().reshape(-1))
        blocks("generator", gen.blocks); conv("generator.output", gen.output)
        conv("critic.input", critic.input); blocks("critic", critic.blocks)
        critic.output.weight.copy_(torch.tensor(weights["critic.output.weight"]["values"], dtype=dtype).view(T, C).t().reshape(1, C * T))
        critic.output.bias.copy_(torch.tensor(weights["critic.output.bias"]["values"], dtype=dtype))

def flat(gen, critic):
    # back to textgan layout, as make.py's textgan_weights
    import importlib.util
    spec = importlib.util.spec_from_file_location("mk", os.path.join(HERE, "make.py"))
    mk = importlib.util.module_from_spec(spec); spec.loader.exec_module(mk)
    mk.V, mk.T, mk.C, mk.BLOCKS, mk.K, mk.Z, mk.B = V, T, C, BL, K, Z, B
    return mk.textgan_weights(gen, critic)

for run in fx["runs"]:
    for dtype in [torch.float64, torch.float32]:
        gen, critic = Generator(V, T, C, BL, K, Z).to(dtype), Critic(V, T, C, BL, K).to(dtype)
        to_torch(run["initialWeights"], gen, critic, dtype)
        og = torch.optim.Adam(gen.parameters(), lr=fx["learningRate"], betas=(fx["beta1"], fx["beta2"]))
        od = torch.optim.Adam(critic.parameters(), lr=fx["learningRate"], betas=(fx["beta1"], fx["beta2"]))
        worst = 0.0
        pen_name = run["penalty"]
        for st in run["steps"]:
            z = torch.tensor(st["noise"], dtype=dtype).view(B, Z)
            if st["network"] == "critic":
                real = torch.nn.functional.one_hot(torch.tensor(st["realIDs"]).view(B, T), V).to(dtype).transpose(1, 2)
                with torch.no_grad(): fake = gen(z)
                al = [torch.tensor(a, dtype=dtype) for a in st["alphas"]]
                x = [real + a.view(B, 1, 1) * (fake - real) for a in al]
                if pen_name.startswith("gp"):
                    scores = critic(torch.cat([real, fake]))
                    xi = x[0].requires_grad_(True)
                    (g,) = torch.autograd.grad(critic(xi).sum(), xi, create_graph=True)
                    slopes = g.flatten(1).norm(dim=1)
                else:
                    scores = critic(torch.cat([real, fake, x[0], x[1]]))
                    d = (x[0] - x[1]).flatten(1).norm(dim=1).clamp_min(1e-12)
                    slopes = (scores[2*B:3*B] - scores[3*B:]).abs() / d
                ex = slopes - 1
                if pen_name.endswith("one-sided"): ex = ex.clamp_min(0)
                loss = scores[B:2*B].mean() - scores[:B].mean() + LAM * (ex ** 2).mean()
                od.zero_grad(); loss.backward(); od.step()
            else:
                for q in critic.parameters(): q.requires_grad_(False)
                loss = -critic(gen(z)).mean()
                og.zero_grad(); loss.backward(); og.step()
                for q in critic.parameters(): q.requires_grad_(True)
            worst = max(worst, abs(loss.item() - st["loss"]) / (1 + abs(st["loss"])))
        fw = flat(gen, critic)
        def diff(prefix):
            return max(max(abs(a - b) / (1 + abs(b)) for a, b in zip(fw[k]["values"], run["finalWeights"][k]["values"])) for k in fw if k.startswith(prefix))
        print(f"{pen_name} {dtype}: losses {worst:.3g}, generator weights {diff('generator'):.3g}, critic weights {diff('critic'):.3g}", flush=True)
