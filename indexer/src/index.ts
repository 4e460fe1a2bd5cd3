import './tree';
import './records';
