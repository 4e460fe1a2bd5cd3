import './tree';
import './records';
import './stakes';
